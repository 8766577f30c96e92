using System.Text.Json;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Search;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Crm.Domain;

/// <summary>Erases a contact's personal data everywhere in the team; what was done, in words, per part.</summary>
[RequiresPermission(CrmPermissions.ContactsErase)]
public sealed record EraseContact(Guid ContactId) : IRequest<IReadOnlyList<string>>;

/// <summary>
/// The right to erasure, in one unit of work: the contact keeps its place (activities, invoices and
/// projects still point to it) but loses name, address, phone, position, notes and tags; its
/// activities lose their text; every plugin removes or anonymizes what it keeps about the person
/// (<see cref="IContactErasure"/>); the team's emails to the address lose address and content; the
/// audit log loses the old values that named the person; open pages of the person close at once.
/// Issued invoices stay, as the law requires, naming the client rather than the person.
/// </summary>
public sealed class EraseContactHandler(AppDbContext db, ITenantContext tenant, IEnumerable<IContactErasure> parts, ContactSearchIndex index,
    ILiveUpdates live, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l)
    : IRequestHandler<EraseContact, IReadOnlyList<string>>
{
    public const string ErasedFirstName = "Erased";
    public const string ErasedLastName = "contact";
    public const string ErasedAddress = "erased";

    public async ValueTask<IReadOnlyList<string>> Handle(EraseContact command, CancellationToken cancellationToken)
    {
        var contact = await db.Set<Contact>().Include(c => c.Client).SingleOrDefaultAsync(c => c.Id == command.ContactId, cancellationToken)
            ?? throw new NotFoundException("Contact");
        if (contact.ErasedAt is not null)
        {
            return [l["This contact's personal data was erased already."].Value];
        }

        var person = new ErasedContact(contact.Id, contact.ClientId, contact.Email?.Trim(), contact.FullName);
        var report = new List<string>();
        foreach (var part in parts)
        {
            if (await part.EraseAsync(person, cancellationToken) is { } done)
            {
                report.Add(done);
            }
        }

        var activities = await db.Set<Activity>().Where(a => a.ContactId == contact.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Subject, "—").SetProperty(a => a.Text, (string?)null), cancellationToken);
        if (activities > 0)
        {
            report.Add(l["{0} activities emptied", activities].Value);
        }

        (contact.FirstName, contact.LastName) = (ErasedFirstName, ErasedLastName);
        (contact.Email, contact.EmailNormalized, contact.Phone, contact.Position, contact.Notes, contact.Tags, contact.IsRepresentative) = (null, null, null, null, null, "", false);
        contact.ErasedAt = contact.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await index.UpdateAsync(contact, contact.Client?.Name, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var teamId = tenant.Tenant!.Id;
        if (person.Email is { Length: > 0 } email)
        {
            // Emails to the person: kept as a count in the team's history, without address or content; unsent ones are not sent.
            var now = clock.GetUtcNow().UtcDateTime;
            var emails = await db.Outbox.Where(m => m.TenantId == teamId && m.To.ToUpper() == email.ToUpper())
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.To, ErasedAddress).SetProperty(m => m.Subject, "—").SetProperty(m => m.TextBody, "")
                    .SetProperty(m => m.HtmlBody, (string?)null).SetProperty(m => m.DeadAt, m => m.SentAt == null ? now : m.DeadAt), cancellationToken);
            if (emails > 0)
            {
                report.Add(l["{0} emails to the address emptied", emails].Value);
            }
        }

        // Last, so it covers the entries this erasure itself just wrote: no old value naming the person stays in the log.
        var needles = new[] { person.Email, person.Name }.Where(n => !string.IsNullOrWhiteSpace(n) && n.Length >= 3)
            .SelectMany(n => new[] { n!, JsonSerializer.Serialize(n)[1..^1] }).Distinct().ToList();
        var id = contact.Id.ToString();
        var audit = db.AuditEntries.Where(a => a.EntityId == id && a.Changes != null);
        foreach (var needle in needles)
        {
            await db.AuditEntries.Where(a => a.Changes != null && a.Changes.Contains(needle)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Changes, (string?)null), cancellationToken);
        }

        await audit.ExecuteUpdateAsync(s => s.SetProperty(a => a.Changes, (string?)null), cancellationToken);
        live.Publish(LiveAccess.For(contact.Id));

        return report;
    }
}
