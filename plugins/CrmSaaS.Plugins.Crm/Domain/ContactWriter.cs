using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm.Domain;

/// <summary>The rules every change of a contact follows: a real client, a unique email in the team, fresh search words.</summary>
public sealed class ContactWriter(AppDbContext db, Assignments assignments, ContactSearchIndex index, Kernel.Live.ILiveUpdates live, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task ApplyAsync(Contact contact, ContactInput input, IReadOnlyCollection<Guid>? currentAssignees, CancellationToken cancellationToken)
    {
        var isNew = currentAssignees is null;
        var assignees = await assignments.CheckAsync("Input.OwnerId", input.OwnerId, "Input.AssigneeIds", input.AssigneeIds,
            isNew ? null : contact.OwnerId, currentAssignees, cancellationToken);
        string? clientName = null;
        if (input.ClientId is { } clientId)
        {
            clientName = await db.Set<Client>().Where(c => c.Id == clientId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken)
                ?? throw new ValidationFailedException("Input.ClientId", l["Choose a client of this team."]);
        }

        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim().ToUpperInvariant();
        if (email is not null && await db.Set<Contact>().AnyAsync(c => c.EmailNormalized == email && c.Id != contact.Id, cancellationToken))
        {
            throw new ValidationFailedException("Input.Email", l["Another contact of this team already has this email."]);
        }

        if (!isNew && contact.ClientId != input.ClientId)
        {
            // Moved to another client: their portal access for the old one ends, open pages included.
            live.Publish(Kernel.Live.LiveAccess.For(contact.Id));
        }

        input.ApplyTo(contact);
        contact.OwnerId = input.OwnerId;
        var now = clock.GetUtcNow().UtcDateTime;
        contact.UpdatedAt = now;
        if (isNew)
        {
            contact.CreatedAt = now;
            db.Add(contact);
        }

        db.RemoveRange(contact.Assignees.Where(a => !assignees.Contains(a.UserId)));
        var have = contact.Assignees.Select(a => a.UserId).ToHashSet();
        contact.Assignees.AddRange(assignees.Where(id => !have.Contains(id)).Select(id => new ContactAssignee { UserId = id }));
        await index.UpdateAsync(contact, clientName, cancellationToken);
    }
}
