using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm.Domain;

/// <summary>Checks who a client or contact is given to: members of this team, and only by those who may reassign.</summary>
public sealed class Assignments(CrmAccess access, ICurrentUser user, IStringLocalizer<SharedResource> l)
{
    /// <summary>
    /// The responsible person (owner) and the additional people (managers, assignees) must be members.
    /// Without the reassign permission, a new record is yours and an existing one keeps its people.
    /// </summary>
    public async Task<List<Guid>> CheckAsync(string ownerField, Guid owner, string othersField, IEnumerable<Guid> others,
        Guid? currentOwner, IReadOnlyCollection<Guid>? currentOthers, CancellationToken cancellationToken)
    {
        var members = await access.MemberIdsAsync(cancellationToken);
        var wanted = others.Where(id => id != owner).Distinct().ToList();
        if (!members.Contains(owner))
        {
            throw new ValidationFailedException(ownerField, l["Choose a member of this team."]);
        }

        if (wanted.Any(id => !members.Contains(id)))
        {
            throw new ValidationFailedException(othersField, l["Choose members of this team only."]);
        }

        if (!user.Has(CrmPermissions.Reassign))
        {
            var ownerChanged = currentOwner is null ? owner != access.Me : owner != currentOwner;
            var othersChanged = currentOthers is not null && !wanted.ToHashSet().SetEquals(currentOthers.Where(id => id != owner));
            if (ownerChanged || othersChanged)
            {
                throw new ValidationFailedException(ownerChanged ? ownerField : othersField, l["Only Organization Managers and Sales Managers may give records to other members."]);
            }
        }

        return wanted;
    }
}
