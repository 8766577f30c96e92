using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Plugins.Projects.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Time.Domain;

/// <summary>Time booked on a project keeps it: deleting it would take the time (and what was billed) with it.</summary>
public sealed class ProjectTime(AppDbContext db, IStringLocalizer<SharedResource> l) : IProjectDependents
{
    public async Task<string?> DescribeAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var count = await db.Set<TimeEntry>().CountAsync(e => e.ProjectId == projectId, cancellationToken);
        return count == 0 ? null : count == 1 ? l["1 time entry"].Value : l["{0} time entries", count].Value;
    }
}
