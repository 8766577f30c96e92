using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Crm;

/// <summary>Record-level rights: who may change which client or contact.</summary>
public sealed class CrmAccess(AppDbContext db, ICurrentUser user, TeamMembers members)
{
    public Guid Me => user.RequireUserId();

    public async Task<bool> CanEditClientAsync(Guid clientId, Guid responsibleManagerId, CancellationToken cancellationToken) =>
        user.Has(CrmPermissions.ClientsEditAny)
        || (user.Has(CrmPermissions.ClientsEditOwn)
            && (responsibleManagerId == Me || await db.Set<ClientManager>().AnyAsync(m => m.ClientId == clientId && m.UserId == Me, cancellationToken)));

    public async Task<bool> CanEditContactAsync(Guid contactId, Guid ownerId, CancellationToken cancellationToken) =>
        user.Has(CrmPermissions.ContactsEditAny)
        || (user.Has(CrmPermissions.ContactsEditOwn)
            && (ownerId == Me || await db.Set<ContactAssignee>().AnyAsync(a => a.ContactId == contactId && a.UserId == Me, cancellationToken)));

    public async Task EnsureCanEditClientAsync(Client client, CancellationToken cancellationToken)
    {
        if (!await CanEditClientAsync(client.Id, client.ResponsibleManagerId, cancellationToken))
        {
            throw new ForbiddenException(CrmPermissions.ClientsEditAny);
        }
    }

    public async Task EnsureCanEditContactAsync(Contact contact, CancellationToken cancellationToken)
    {
        if (!await CanEditContactAsync(contact.Id, contact.OwnerId, cancellationToken))
        {
            throw new ForbiddenException(CrmPermissions.ContactsEditAny);
        }
    }

    /// <summary>The members of this team a record can be given to (owners, managers, assignees).</summary>
    public Task<HashSet<Guid>> MemberIdsAsync(CancellationToken cancellationToken) => members.IdsAsync(cancellationToken);

    public Task<List<(Guid Id, string Name)>> MembersAsync(CancellationToken cancellationToken) => members.ListAsync(cancellationToken);
}
