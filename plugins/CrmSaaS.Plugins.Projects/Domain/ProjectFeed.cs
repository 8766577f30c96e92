using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Projects.Domain;

/// <summary>
/// Writes a project's activity feed and emails the project's subscribed members about it, in the
/// same unit of work (outbox). Client contacts are only told about entries visible to the client.
/// Every entry is also a live event for the project's open pages.
/// </summary>
public sealed class ProjectFeed(AppDbContext db, IEmailOutbox outbox, ILiveUpdates live, TenantUrls urls, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task RecordAsync(Project project, UpdateKind kind, Guid actorId, string text, bool visibleToClient,
        Guid? taskId = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        var update = new ProjectUpdate
        {
            ProjectId = project.Id,
            Kind = kind,
            ActorId = actorId,
            TaskId = taskId,
            Text = text.Length > ProjectLimits.Text ? text[..ProjectLimits.Text] : text,
            Detail = detail is { Length: > ProjectLimits.Name } ? detail[..ProjectLimits.Name] : detail,
            VisibleToClient = visibleToClient,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(update);
        // Open boards and project pages (the team's and the client's) refresh after the commit.
        live.Publish(new LiveEvent(Contracts.ProjectsLive.Project, project.Id, ProjectsPermissions.Read, project.ClientId, project.Id));

        var recipients = await db.Set<ProjectMember>()
            .Where(m => m.ProjectId == project.Id && m.Subscribed && m.RevokedAt == null && m.UserId != null && m.UserId != actorId
                && (m.ContactId == null || (m.AcceptedAt != null && visibleToClient)))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Email, u.Culture, IsContact = m.ContactId != null })
            .ToListAsync(cancellationToken);
        if (recipients.Count == 0)
        {
            return;
        }

        var actor = await db.Users.Where(u => u.Id == actorId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "";
        var team = tenant.Tenant!;
        foreach (var recipient in recipients.Where(r => !string.IsNullOrEmpty(r.Email)))
        {
            var path = recipient.IsContact ? $"/portal/projects/{project.Id}" : $"/projects/{project.Id}";
            using var _ = UiCulture.Use(recipient.Culture);
            outbox.Enqueue(recipient.Email!,
                l["{0}: {1}", project.Name, Describe(kind)],
                $"{l["{0} in {1}:", actor, project.Name]}\n\n{Describe(kind)}: {update.Text}{(detail is null ? "" : $" ({detail})")}\n\n{urls.ForTeam(team.Identifier, path)}\n\n" +
                l["You receive this because you follow the project. Turn it off on the project page."]);
        }
    }

    private string Describe(UpdateKind kind) => l[Label(kind)];

    /// <summary>The English label of an update kind; views and emails localize it.</summary>
    public static string Label(UpdateKind kind) => kind switch
    {
        UpdateKind.TaskCreated => "Task created",
        UpdateKind.TaskMoved => "Task moved",
        UpdateKind.TaskDone => "Task done",
        UpdateKind.Comment => "Comment",
        UpdateKind.StatusChanged => "Status changed",
        UpdateKind.MemberAdded => "Member added",
        UpdateKind.Message => "Message from the client",
        _ => "Update",
    };
}
