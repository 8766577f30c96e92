using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Domain;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Onboarding;

/// <summary>The Projects part of the create-client form: a first project with its board, and portal invitations.</summary>
public sealed class ProjectOnboarding(ProjectFactory factory) : IOnboardingContributor
{
    public const string CreateProject = RepresentativeOnboarding.CreateProject;
    public const string ProjectName = "Projects.ProjectName";
    public const string InviteRepresentatives = RepresentativeOnboarding.InviteRepresentatives;
    /// <summary>How invited representatives take part: Viewer (default) or Collaborator.</summary>
    public const string RepresentativeRole = "Projects.RepresentativeRole";

    public string Title => "Project";

    public string PartialView => "~/Areas/Projects/Pages/Shared/_ProjectOnboarding.cshtml";

    public int Order => 10;

    public async Task<IReadOnlyDictionary<string, string>> DefaultsAsync(CancellationToken cancellationToken)
    {
        var settings = await factory.SettingsAsync(cancellationToken);
        return new Dictionary<string, string>
        {
            [CreateProject] = settings.OnboardingCreateProject ? "true" : "false",
            [InviteRepresentatives] = settings.OnboardingInviteRepresentatives ? "true" : "false",
            [RepresentativeRole] = nameof(ProjectRole.Viewer),
        };
    }
}

/// <summary>
/// Creates the new client's project and board, puts the creating member (Project Manager) and the
/// client's managers (Members) on it and invites the representatives with an email address as
/// Project Viewers. Runs inside the client's creating transaction; a second run finds the project
/// and the invitations and adds nothing twice.
/// </summary>
public sealed class OnClientCreatedCreateProject(AppDbContext db, ICrmDirectory crm, ProjectFactory factory, ContactInvitations invitations, TimeProvider clock)
    : IListener<ClientCreated>
{
    public const string Step = "Project";

    public async Task HandleAsync(ClientCreated broadcasted)
    {
        if (!broadcasted.IsOn(ProjectOnboarding.CreateProject))
        {
            return;
        }

        var client = await crm.Clients.SingleAsync(c => c.Id == broadcasted.ClientId);
        var clientManagers = await crm.ClientManagers.Where(m => m.ClientId == client.Id).Select(m => m.UserId).ToListAsync();
        var name = broadcasted.Value(ProjectOnboarding.ProjectName)?.Trim() ?? client.Name;
        if (name.Length > ProjectLimits.Name)
        {
            throw new OnboardingFailedException(Step, $"The project name is longer than {ProjectLimits.Name} characters.");
        }

        var project = await db.Set<Project>().SingleOrDefaultAsync(p => p.ClientId == client.Id && p.FromOnboarding);
        if (project is null)
        {
            project = await factory.CreateAsync(new Project
            {
                ClientId = client.Id,
                Name = name,
                Currency = client.Currency,
                Status = ProjectStatus.Active,
                StartDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                FromOnboarding = true,
            }, broadcasted.CreatedBy, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var onProject = await db.Set<ProjectMember>().Where(m => m.ProjectId == project.Id && m.UserId != null).Select(m => m.UserId!.Value).ToListAsync();
        var teamMembers = await db.Memberships.Select(m => m.UserId).ToListAsync();
        foreach (var manager in clientManagers.Prepend(client.ResponsibleManagerId).Distinct()
                     .Where(id => teamMembers.Contains(id) && !onProject.Contains(id)))
        {
            db.Add(new ProjectMember { ProjectId = project.Id, UserId = manager, Role = ProjectRole.Member, AddedAt = now, AddedBy = broadcasted.CreatedBy });
        }

        if (broadcasted.IsOn(ProjectOnboarding.InviteRepresentatives))
        {
            var role = broadcasted.Value(ProjectOnboarding.RepresentativeRole) switch
            {
                null or nameof(ProjectRole.Viewer) => ProjectRole.Viewer,
                nameof(ProjectRole.Collaborator) => ProjectRole.Collaborator,
                _ => throw new OnboardingFailedException(Step, "Representatives take part as Project Viewer or Collaborator."),
            };
            var representatives = await crm.Contacts.Where(c => c.ClientId == client.Id && c.IsRepresentative && c.Email != null)
                .OrderBy(c => c.LastName).Select(c => c.Id).ToListAsync();
            foreach (var contactId in representatives)
            {
                await invitations.InviteAsync(project, contactId, role, broadcasted.CreatedBy, CancellationToken.None);
            }
        }

        await db.SaveChangesAsync();
    }
}
