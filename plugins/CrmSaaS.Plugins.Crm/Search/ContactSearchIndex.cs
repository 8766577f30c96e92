using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Domain;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Kernel.Common;

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
            var email = TextKeys.Fold(contact.Email.Trim());
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

    /// <summary>Orders like LastName, then FirstName (ordinal): the separator sorts before every letter.</summary>
    public static string SortKeyOf(Contact contact) => contact.LastName + "\u0001" + contact.FirstName;

    /// <summary>Brings the tokens of a tracked or new contact up to date; saved with the caller's SaveChanges.</summary>
    public async Task UpdateAsync(Contact contact, string? clientName, CancellationToken cancellationToken)
    {
        var wanted = TokensOf(contact, clientName);
        var sortKey = SortKeyOf(contact);
        var existing = db.Entry(contact).State == EntityState.Added
            ? []
            : await db.Set<ContactSearchToken>().Where(t => t.ContactId == contact.Id).ToListAsync(cancellationToken);
        var keep = existing.Where(t => t.SortKey == sortKey && wanted.Contains(t.Token)).ToList();
        db.Set<ContactSearchToken>().RemoveRange(existing.Except(keep));
        var have = keep.Select(t => t.Token).ToHashSet(StringComparer.Ordinal);
        db.Set<ContactSearchToken>().AddRange(wanted.Where(t => !have.Contains(t)).Select(t => new ContactSearchToken { ContactId = contact.Id, Token = t, SortKey = sortKey }));
    }

    /// <summary>Adds the tokens of a contact known to be new (imports), without a lookup.</summary>
    public void AddNew(Contact contact, string? clientName)
    {
        var sortKey = SortKeyOf(contact);
        db.Set<ContactSearchToken>().AddRange(TokensOf(contact, clientName).Select(t => new ContactSearchToken { ContactId = contact.Id, Token = t, SortKey = sortKey }));
    }

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

    /// <summary>
    /// The search box's common case, a search ordered by name with no other filter, answered from the
    /// token key alone: the longest term's range, narrowed by the other terms, grouped per contact and
    /// ordered by the copied sort key. Returns one page of ids, in order, and the total.
    /// </summary>
    public async Task<(IReadOnlyList<Guid> Ids, int Total)> PageByNameAsync(IReadOnlyList<string> terms, bool descending, int skip, int take, CancellationToken cancellationToken)
    {
        var tokens = db.Set<ContactSearchToken>();
        var ordered = terms.OrderByDescending(t => t.Length).ToList();
        var first = ordered[0];
        var firstEnd = SearchText.PrefixEnd(first);
        var matches = tokens.Where(t => string.Compare(t.Token, first) >= 0 && string.Compare(t.Token, firstEnd) < 0);
        foreach (var term in ordered.Skip(1))
        {
            var end = SearchText.PrefixEnd(term);
            var ids = tokens.Where(t => string.Compare(t.Token, term) >= 0 && string.Compare(t.Token, end) < 0).Select(t => t.ContactId);
            matches = matches.Where(t => ids.Contains(t.ContactId));
        }

        // A contact has one sort key, so (contact, key) pairs are distinct per contact: no GROUP BY,
        // which would tempt the planner into walking every token of the team in contact order.
        var perContact = matches.Select(t => new { Id = t.ContactId, Key = t.SortKey }).Distinct();
        var total = await perContact.CountAsync(cancellationToken);
        var sorted = descending ? perContact.OrderByDescending(x => x.Key).ThenBy(x => x.Id) : perContact.OrderBy(x => x.Key).ThenBy(x => x.Id);
        var page = await sorted.Skip(skip).Take(take).Select(x => x.Id).ToListAsync(cancellationToken);
        return (page, total);
    }
}
