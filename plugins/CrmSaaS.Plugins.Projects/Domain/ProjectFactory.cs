using System.Text;
using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Kernel.Common;

namespace CrmSaaS.Plugins.Projects.Domain;

/// <summary>Creates projects, always together with their board (from the team's template), and their first member.</summary>
public sealed class ProjectFactory(AppDbContext db, TimeProvider clock)
{
    public async Task<ProjectSettings> SettingsAsync(CancellationToken cancellationToken) =>
        await db.Set<ProjectSettings>().AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new ProjectSettings();

    /// <summary>Adds the project, its board and its creator as Project Manager to the unit of work.</summary>
    public async Task<Project> CreateAsync(Project project, Guid creatorId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        project.CreatedAt = now;
        project.UpdatedAt = now;
        project.CreatedBy = creatorId;
        if (string.IsNullOrWhiteSpace(project.Code))
        {
            project.Code = await FreeCodeAsync(project.Name, cancellationToken);
        }

        var settings = await SettingsAsync(cancellationToken);
        db.Add(project);
        db.Add(NewBoard(project.Id, settings.Columns()));
        db.Add(new ProjectMember { ProjectId = project.Id, UserId = creatorId, Role = ProjectRole.ProjectManager, AddedAt = now, AddedBy = creatorId });
        return project;
    }

    public static Board NewBoard(Guid projectId, IReadOnlyList<string> columns)
    {
        var names = columns.Count > 0 ? columns : ProjectSettings.DefaultColumns;
        var board = new Board { ProjectId = projectId };
        board.Columns.AddRange(names.Select((name, i) => new BoardColumn { BoardId = board.Id, Name = name, Position = i, IsDone = i == names.Count - 1 }));
        return board;
    }

    public Task<bool> IsCodeTakenAsync(string code, Guid? except, CancellationToken cancellationToken) =>
        db.Set<Project>().AnyAsync(p => p.Code == code && p.Id != except, cancellationToken);

    /// <summary>A code from the name's letters (ACME, ACME-2 …) that no project of the team uses yet.</summary>
    public async Task<string> FreeCodeAsync(string name, CancellationToken cancellationToken)
    {
        var stem = new StringBuilder();
        foreach (var c in TextKeys.Fold(name).ToUpperInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                stem.Append(c);
            }
            else if (stem.Length > 0 && stem[^1] != '-')
            {
                stem.Append('-');
            }

            if (stem.Length >= 10)
            {
                break;
            }
        }

        var root = stem.ToString().Trim('-');
        if (root.Length == 0)
        {
            root = "PRJ";
        }

        var taken = (await db.Set<Project>().Where(p => p.Code.StartsWith(root)).Select(p => p.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var code = root;
        for (var n = 2; taken.Contains(code); n++)
        {
            code = $"{root}-{n}";
        }

        return code;
    }
}
