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
            if (SearchText.EmailDomain(email) is { Length: > 0 } domain)
            {
                tokens.Add(domain.Length > Limits.Token ? domain[..Limits.Token] : domain);
            }

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
    /// Contacts whose tokens start with every term (each term a prefix of some token), joined to the
    /// token matches (<see cref="MatchesAsync"/>): the query is driven by the fewest matches, never by
    /// a scan of every contact of the team.
    /// </summary>
    public async Task<IQueryable<Contact>> MatchingAsync(IQueryable<Contact> contacts, IReadOnlyList<string> terms, CancellationToken cancellationToken) =>
        terms.Count == 0 ? contacts : (await MatchesAsync(terms, cancellationToken)).Tokens.Select(t => t.ContactId).Distinct().Join(contacts, id => id, c => c.Id, (_, c) => c);

    /// <summary>
    /// The tokens of the rarest term that belong to contacts having every other term too. The rarest
    /// term is the one with the fewest tokens in its range (counted up to a cap, cheaply, on the key);
    /// each other term is checked per candidate contact by a seek of the (ContactId, Token) index, so
    /// a common second word ("sch" of "anna sch") costs a seek per candidate, not a scan of its range.
    /// With several terms, the rarest term's count is returned too: at most that many contacts match.
    /// </summary>
    private async Task<(IQueryable<ContactSearchToken> Tokens, int? AtMost)> MatchesAsync(IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var tokens = db.Set<ContactSearchToken>();
        var driving = terms[0];
        int? atMost = null;
        if (terms.Count > 1)
        {
            // Longer terms first, as they tend to be rarer; each count stops at the smallest so far,
            // since a term with more tokens than that cannot drive.
            var fewest = RarestCap;
            driving = "";
            foreach (var term in terms.OrderByDescending(t => t.Length))
            {
                var size = await Range(tokens, term).Take(fewest).CountAsync(cancellationToken);
                if (size < fewest || driving.Length == 0)
                {
                    (driving, fewest) = (term, size);
                }

                if (fewest == 0)
                {
                    break;
                }
            }

            atMost = fewest < RarestCap ? fewest : null;
        }

        var matches = Range(tokens, driving);
        foreach (var term in terms.Where(t => t != driving))
        {
            var end = SearchText.PrefixEnd(term);
            matches = matches.Where(t => tokens.Any(o => o.ContactId == t.ContactId && string.Compare(o.Token, term) >= 0 && string.Compare(o.Token, end) < 0));
        }

        return (matches, atMost);
    }

    /// <summary>Beyond this many tokens a term counts as common; the rarest term is chosen among the counts up to it.</summary>
    private const int RarestCap = 20_000;

    private static IQueryable<ContactSearchToken> Range(IQueryable<ContactSearchToken> tokens, string term)
    {
        var end = SearchText.PrefixEnd(term);
        return tokens.Where(t => string.Compare(t.Token, term) >= 0 && string.Compare(t.Token, end) < 0);
    }

    /// <summary>
    /// The search box's common case, a search ordered by name with no other filter, answered from the
    /// token key alone: the rarest term's range, narrowed by the other terms, one row per contact,
    /// ordered by the copied sort key. Returns one page of ids, in order, and the total.
    /// </summary>
    public async Task<(IReadOnlyList<Guid> Ids, int Total)> PageByNameAsync(IReadOnlyList<string> terms, bool descending, int skip, int take, CancellationToken cancellationToken)
    {
        var (matches, atMost) = await MatchesAsync(terms, cancellationToken);
        if (atMost <= WholeList)
        {
            // Few candidates: one query lists every match in order, the total and the page come from
            // it, and the other terms' seeks are paid once instead of twice.
            var all = await InNameOrder(matches, descending).ToListAsync(cancellationToken);
            return (all.Skip(skip).Take(take).ToList(), all.Count);
        }

        var total = await matches.GroupBy(t => new { t.SortKey, t.ContactId }).CountAsync(cancellationToken);
        var page = await InNameOrder(matches, descending).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (page, total);
    }

    /// <summary>
    /// The matching contacts' ids in name order. A contact has one sort key, so grouping by (sort key,
    /// contact) gives one row per contact and sorts in the same pass as the ORDER BY: one temporary
    /// b-tree, where DISTINCT and then ORDER BY took two, and a GROUP BY on the contact alone lured the
    /// planner into walking every token of the team in contact order.
    /// </summary>
    private static IQueryable<Guid> InNameOrder(IQueryable<ContactSearchToken> matches, bool descending)
    {
        var perContact = matches.GroupBy(t => new { t.SortKey, t.ContactId }).Select(g => g.Key);
        var sorted = descending
            ? perContact.OrderByDescending(x => x.SortKey).ThenByDescending(x => x.ContactId)
            : perContact.OrderBy(x => x.SortKey).ThenBy(x => x.ContactId);
        return sorted.Select(x => x.ContactId);
    }

    /// <summary>The query behind a page of <see cref="PageByNameAsync"/>, for the benchmark to show its plan.</summary>
    internal async Task<IQueryable<Guid>> InNameOrderAsync(IReadOnlyList<string> terms, CancellationToken cancellationToken) =>
        InNameOrder((await MatchesAsync(terms, cancellationToken)).Tokens, descending: false);

    /// <summary>Up to this many candidates a page is cut from the whole ordered list.</summary>
    private const int WholeList = 10_000;
}
