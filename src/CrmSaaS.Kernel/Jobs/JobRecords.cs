namespace CrmSaaS.Kernel.Jobs;

/// <summary>One run of a scheduled job across the teams; global, read by the Superadmin.</summary>
public class JobRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Job { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Teams { get; set; }
    public int FailedTeams { get; set; }
    /// <summary>Teams another instance was working on (their lease held), left to it.</summary>
    public int SkippedTeams { get; set; }
    /// <summary>Teams not begun because the app was stopping; the next firing does them.</summary>
    public int LeftAtShutdown { get; set; }
}

/// <summary>A team for which a job run failed; the other teams of the run went on.</summary>
public class JobFailure
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid JobRunId { get; set; }
    public required string Job { get; set; }
    public Guid TenantId { get; set; }
    public DateTime At { get; set; }
    public required string Error { get; set; }
}
