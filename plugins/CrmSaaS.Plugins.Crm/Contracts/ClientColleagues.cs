using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm.Contracts;

/// <summary>
/// A client admin adds a colleague from the portal: the contact of <paramref name="ClientId"/> with
/// this email, created when the team does not know them yet (owned by the client's responsible
/// manager, so the team sees them like any other contact). An address the team already has under
/// another client, or under none, is refused: only the team moves people between clients. The caller
/// checked that the signed-in contact is an admin of the client. Returns the contact's id.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed record AddClientColleagueCommand(Guid ClientId, string FirstName, string LastName, string Email) : IRequest<Guid>;

public sealed class ClientColleagueHandler(AppDbContext db, ContactSearchIndex index, TimeProvider clock, IStringLocalizer<Kernel.Localization.SharedResource> l)
    : IRequestHandler<AddClientColleagueCommand, Guid>
{
    public async ValueTask<Guid> Handle(AddClientColleagueCommand command, CancellationToken cancellationToken)
    {
        var client = await db.Set<Client>().Where(c => c.Id == command.ClientId).Select(c => new { c.Name, c.ResponsibleManagerId })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Client");
        var email = command.Email.Trim();
        if (email.Length is 0 or > Limits.Email || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
        {
            throw new ValidationFailedException("Email", l["Enter a valid email address."]);
        }

        var normalized = email.ToUpperInvariant();
        var known = await db.Set<Contact>().Where(c => c.EmailNormalized == normalized).Select(c => new { c.Id, c.ClientId }).FirstOrDefaultAsync(cancellationToken);
        if (known is not null)
        {
            return known.ClientId == command.ClientId
                ? known.Id
                : throw new ValidationFailedException("Email", l["This address cannot be added here. Ask the team to add this person."]);
        }

        var first = command.FirstName.Trim();
        var last = command.LastName.Trim();
        if (first.Length is 0 or > Limits.PersonName || last.Length is 0 or > Limits.PersonName)
        {
            throw new ValidationFailedException(first.Length is 0 or > Limits.PersonName ? "FirstName" : "LastName", l["Enter the first and last name (at most {0} characters each).", Limits.PersonName]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var contact = new Contact
        {
            FirstName = first, LastName = last, Email = email, EmailNormalized = normalized, ClientId = command.ClientId,
            OwnerId = client.ResponsibleManagerId, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(contact);
        await index.UpdateAsync(contact, client.Name, cancellationToken);
        // Saved in the caller's transaction, so the directory finds the contact for the roles given next.
        await db.SaveChangesAsync(cancellationToken);
        return contact.Id;
    }
}
