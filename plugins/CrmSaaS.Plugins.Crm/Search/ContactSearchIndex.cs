using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Crm.Search;

/// <summary>Keeps each contact's search tokens equal to its searchable fields, in the caller's unit of work.</summary>
public sealed class ContactSearchIndex(AppDbContext db)
{
    /// <summary>The tokens a contact must have: names, email (whole, local part and domain words), phone digits, client, tags.</summary>
    public static HashSet<string> TokensOf(Contact contact, string? clientName)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        void Add(IEnumerable<string> words)
        {
            foreach (var word in words)
            {
                tokens.Add(word);
            }
        }

        Add(SearchText.Words(contact.FirstName));
        Add(SearchText.Words(contact.LastName));
        Add(SearchText.Words(contact.Position));
        Add(SearchText.Words(clientName));
        Add(SearchText.Words(contact.Tags.Replace(',', ' ')));
        if (!string.IsNullOrWhiteSpace(contact.Email))
        {
            var email = SearchText.Fold(contact.Email.Trim());
            tokens.Add(email.Length > Limits.Token ? email[..Limits.Token] : email);
            Add(SearchText.Words(email));
        }

        Add(SearchText.Words(contact.Phone));
        var digits = new string((contact.Phone ?? "").Where(char.IsDigit).ToArray());
        if (digits.Length >= 3)
        {
            tokens.Add(digits.Length > Limits.Token ? digits[..Limits.Token] : digits);
        }

        return tokens;
    }

    /// <summary>Brings the tokens of a tracked or new contact up to date; saved with the caller's SaveChanges.</summary>
    public async Task UpdateAsync(Contact contact, string? clientName, CancellationToken cancellationToken)
    {
        var wanted = TokensOf(contact, clientName);
        var existing = db.Entry(contact).State == EntityState.Added
            ? []
            : await db.Set<ContactSearchToken>().Where(t => t.ContactId == contact.Id).ToListAsync(cancellationToken);
        db.Set<ContactSearchToken>().RemoveRange(existing.Where(t => !wanted.Contains(t.Token)));
        var have = existing.Select(t => t.Token).ToHashSet(StringComparer.Ordinal);
        db.Set<ContactSearchToken>().AddRange(wanted.Where(t => !have.Contains(t)).Select(t => new ContactSearchToken { ContactId = contact.Id, Token = t }));
    }

    /// <summary>Adds the tokens of a contact known to be new (imports), without a lookup.</summary>
    public void AddNew(Contact contact, string? clientName) =>
        db.Set<ContactSearchToken>().AddRange(TokensOf(contact, clientName).Select(t => new ContactSearchToken { ContactId = contact.Id, Token = t }));

    /// <summary>After a client is renamed, its contacts are found under the new name.</summary>
    public async Task UpdateClientContactsAsync(Guid clientId, string clientName, CancellationToken cancellationToken)
    {
        var contacts = await db.Set<Contact>().Where(c => c.ClientId == clientId).ToListAsync(cancellationToken);
        foreach (var contact in contacts)
        {
            await UpdateAsync(contact, clientName, cancellationToken);
        }
    }

    /// <summary>
    /// Contacts whose tokens start with every term (each term a prefix of some token). The matching
    /// ids come from range scans of the (TenantId, Token, ContactId) key, intersected per term, and
    /// the contacts are joined to them: the query is driven by the few matches, never by a scan of
    /// every contact of the team.
    /// </summary>
    public IQueryable<Contact> Matching(IQueryable<Contact> contacts, IReadOnlyList<string> terms)
    {
        var tokens = db.Set<ContactSearchToken>();
        IQueryable<Guid>? ids = null;
        foreach (var term in terms)
        {
            var end = SearchText.PrefixEnd(term);
            var matches = tokens.Where(t => string.Compare(t.Token, term) >= 0 && string.Compare(t.Token, end) < 0).Select(t => t.ContactId);
            ids = ids is null ? matches.Distinct() : ids.Intersect(matches);
        }

        return ids is null ? contacts : ids.Join(contacts, id => id, c => c.Id, (_, c) => c);
    }
}
