using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects;

/// <summary>Projects with boards, tasks and comments for the demo team's first clients, and a client contact who can sign in.</summary>
internal static class ProjectsDemoData
{
    private static readonly (string Project, string[] Tasks)[] Plans =
    [
        ("Website relaunch", ["Sitemap and content inventory", "Wireframes for the home page", "Design system: colors and type", "Product pages", "Contact form with spam protection", "Performance budget", "Accessibility review", "Go-live checklist"]),
        ("Spring campaign", ["Campaign brief", "Key visual", "Landing page", "Newsletter sequence", "Social media plan", "Reporting dashboard"]),
        ("CRM migration", ["Export the old data", "Map fields", "Test import", "Train the sales team", "Switch over"]),
        ("Brand workshop", ["Prepare the workshop", "Run the workshop", "Summarize the results"]),
    ];

    public static async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var db = services.GetRequiredService<AppDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var random = new Random(4711);
        var manager = context.MembersByRole[TeamRole.OrganizationManager];
        var team = context.MembersByRole.Values.ToArray();
        var crm = services.GetRequiredService<ICrmDirectory>();
        var clients = await crm.Clients.Where(c => c.Status == ClientStatus.Active).OrderBy(c => c.Name).Take(Plans.Length).ToListAsync(cancellationToken);

        Project? portalProject = null;
        Guid? portalContact = null;
        for (var i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            var (name, titles) = Plans[i];
            var project = new Project
            {
                ClientId = client.Id, Name = name, Code = $"{new string(client.Name.Where(char.IsAsciiLetterUpper).Take(4).ToArray())}-{i + 1}",
                Description = $"{name} for {client.Name}.", Currency = client.Currency, Status = i == 3 ? ProjectStatus.Planned : ProjectStatus.Active,
                StartDate = today.AddDays(-30 - 10 * i), DueDate = today.AddDays(20 + 15 * i), BudgetHours = 80 + 40 * i, BudgetAmountMinor = Money.FromMajor((80 + 40 * i) * 95m, client.Currency).MinorUnits,
                HourlyRate = 95m, CreatedAt = now.AddDays(-30 - 10 * i), UpdatedAt = now, CreatedBy = manager,
            };
            db.Add(project);
            var board = ProjectFactory.NewBoard(project.Id, ProjectSettings.DefaultColumns);
            db.Add(board);
            db.Add(new ProjectMember { ProjectId = project.Id, UserId = manager, Role = ProjectRole.ProjectManager, AddedAt = project.CreatedAt, AddedBy = manager });
            foreach (var member in team.Where(m => m != manager && random.Next(3) > 0))
            {
                db.Add(new ProjectMember { ProjectId = project.Id, UserId = member, Role = ProjectRole.Member, AddedAt = project.CreatedAt, AddedBy = manager });
            }

            var positions = new int[board.Columns.Count];
            for (var t = 0; t < titles.Length; t++)
            {
                var column = board.Columns[Math.Min(board.Columns.Count - 1, titles.Length - 1 - t < 2 ? 0 : random.Next(board.Columns.Count))];
                var task = new ProjectTask
                {
                    ProjectId = project.Id, ColumnId = column.Id, Position = positions[column.Position]++, Title = titles[t],
                    DueDate = random.Next(3) == 0 ? null : today.AddDays(random.Next(-6, 30)), EstimateHours = random.Next(1, 16),
                    Labels = Tags.Normalize(t % 3 == 0 ? "design" : t % 3 == 1 ? "content" : ""), CreatedAt = project.CreatedAt.AddDays(t), CreatedBy = manager,
                    CompletedAt = column.IsDone ? now.AddDays(-random.Next(1, 10)) : null,
                };
                task.Assignees.Add(new TaskAssignee { TaskId = task.Id, UserId = team[random.Next(team.Length)] });
                db.Add(task);
                db.Add(new ProjectUpdate { ProjectId = project.Id, Kind = UpdateKind.TaskCreated, ActorId = manager, TaskId = task.Id, Text = task.Title, Detail = column.Name, CreatedAt = task.CreatedAt });
                if (t % 2 == 0)
                {
                    var visible = t % 4 == 0;
                    var text = visible ? "First draft is ready for your review." : "Internal note: check the estimate with the designer.";
                    db.Add(new TaskComment { ProjectId = project.Id, TaskId = task.Id, AuthorId = manager, Text = text, VisibleToClient = visible, CreatedAt = task.CreatedAt.AddHours(5) });
                    db.Add(new ProjectUpdate { ProjectId = project.Id, Kind = UpdateKind.Comment, ActorId = manager, TaskId = task.Id, Text = text, Detail = task.Title, VisibleToClient = visible, CreatedAt = task.CreatedAt.AddHours(5) });
                }
            }

            db.Add(new ProjectUpdate { ProjectId = project.Id, Kind = UpdateKind.Post, ActorId = manager, Text = "Welcome to the project! We post the milestones here.", VisibleToClient = true, CreatedAt = project.CreatedAt.AddHours(1) });
            if (i == 0)
            {
                portalProject = project;
                portalContact = await crm.Contacts.Where(c => c.ClientId == client.Id && c.IsRepresentative && c.Email != null).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
            }
        }

        if (portalProject is not null && portalContact is { } contactId && context.SignIns.LastOrDefault() is { } template)
        {
            var contact = await crm.Contacts.SingleAsync(c => c.Id == contactId, cancellationToken);
            var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(contact.Email!)
                ?? await services.GetRequiredService<UserAccounts>().CreateAsync(contact.FullName, contact.Email!, template.Password, "en", "");
            db.Add(new ProjectMember
            {
                ProjectId = portalProject.Id, ContactId = contact.Id, UserId = user.Id, Email = contact.Email, Role = ProjectRole.Collaborator,
                InvitedAt = now.AddDays(-20), AcceptedAt = now.AddDays(-19), AddedAt = now.AddDays(-20), AddedBy = manager,
            });
            context.AddSignIn(new DemoSignIn("Client contact (portal)", contact.Email!, template.Password, template.Url));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
