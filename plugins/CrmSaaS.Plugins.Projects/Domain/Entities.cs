using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Domain;

/// <summary>Work for one client. Every project has exactly one board.</summary>
public class Project : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ClientId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Short unique code per team, e.g. "ACME-WEB".</summary>
    public string Code { get; set; } = "";
    public string? Description { get; set; }
    public ProjectStatus Status { get; set; } = ProjectStatus.Active;
    public DateOnly? StartDate { get; set; }
    public DateOnly? DueDate { get; set; }
    public decimal? BudgetHours { get; set; }
    /// <summary>Minor units of <see cref="Currency"/>, the client's currency when the project was created.</summary>
    public long? BudgetAmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public bool Billable { get; set; } = true;
    /// <summary>Default hourly rate in <see cref="Currency"/>; time tracking prices entries with it.</summary>
    public decimal? HourlyRate { get; set; }
    /// <summary>Set when the project was created by a new client's onboarding (so onboarding never creates a second).</summary>
    public bool FromOnboarding { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A project's board: its columns in order. <see cref="Version"/> guards concurrent card moves.</summary>
public class Board : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    public List<BoardColumn> Columns { get; set; } = [];
    [AuditIgnore]
    public int Version { get; set; }
}

public class BoardColumn : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid BoardId { get; set; }
    public string Name { get; set; } = "";
    public int Position { get; set; }
    /// <summary>Tasks in this column count as done (progress, "task done" updates).</summary>
    public bool IsDone { get; set; }
}

/// <summary>A card on a project's board.</summary>
public class ProjectTask : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    public Guid ColumnId { get; set; }
    /// <summary>Order inside the column: 0, 1, 2 … kept contiguous by every move.</summary>
    public int Position { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public DateOnly? DueDate { get; set; }
    public decimal? EstimateHours { get; set; }
    /// <summary>Normalized labels, stored like CRM tags (",one,two,").</summary>
    public string Labels { get; set; } = "";
    public List<TaskAssignee> Assignees { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime? CompletedAt { get; set; }
}

public class TaskAssignee : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid TaskId { get; set; }
    public Guid UserId { get; set; }
}

public class TaskComment : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    public Guid TaskId { get; set; }
    public Guid AuthorId { get; set; }
    public string Text { get; set; } = "";
    /// <summary>Client contacts of the project see only comments marked visible to the client.</summary>
    public bool VisibleToClient { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A person on a project: a team member (by user id) or a client contact (by contact id; the user
/// id is filled when the contact accepts the emailed invitation).
/// </summary>
public class ProjectMember : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    public ProjectRole Role { get; set; }
    public Guid? UserId { get; set; }
    public Guid? ContactId { get; set; }
    /// <summary>The address the invitation went to (contacts only).</summary>
    public string? Email { get; set; }
    [AuditIgnore]
    public string? TokenHash { get; set; }
    public DateTime? InvitedAt { get; set; }
    public DateTime? InvitationExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>Email me about this project's updates (per member).</summary>
    public bool Subscribed { get; set; } = true;
    public DateTime AddedAt { get; set; }
    public Guid AddedBy { get; set; }

    public bool IsContact => ContactId is not null;

    public bool HasAccess => RevokedAt is null && UserId is not null && (ContactId is null || AcceptedAt is not null);
}

public enum UpdateKind
{
    TaskCreated = 0,
    TaskMoved = 1,
    TaskDone = 2,
    Comment = 3,
    StatusChanged = 4,
    MemberAdded = 5,
    /// <summary>A written update on the project as a whole.</summary>
    Post = 6,
    /// <summary>A client contact's message to the team about the project (always visible to the client).</summary>
    Message = 7,
}

/// <summary>One entry of a project's activity feed.</summary>
[AuditIgnore]
public class ProjectUpdate : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    public UpdateKind Kind { get; set; }
    public Guid ActorId { get; set; }
    public Guid? TaskId { get; set; }
    /// <summary>What happened, in words (task title, column, comment text, new status …).</summary>
    public string Text { get; set; } = "";
    public string? Detail { get; set; }
    public bool VisibleToClient { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A team's project settings: the board template and onboarding defaults. One row per team.</summary>
public class ProjectSettings : ITenantOwned
{
    public static readonly string[] DefaultColumns = ["Backlog", "To do", "In progress", "Review", "Done"];

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>Column names, one per line; the last column counts as done.</summary>
    public string BoardColumns { get; set; } = string.Join('\n', DefaultColumns);
    public bool OnboardingCreateProject { get; set; } = true;
    public bool OnboardingInviteRepresentatives { get; set; } = true;

    public IReadOnlyList<string> Columns() => BoardColumns.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
