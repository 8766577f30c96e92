using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Projects.Domain;

internal static class ProjectsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Project>(e =>
        {
            e.ToTable("PrjProjects");
            e.Property(p => p.Name).HasMaxLength(ProjectLimits.Name);
            e.Property(p => p.Code).HasMaxLength(ProjectLimits.Code);
            e.Property(p => p.Description).HasMaxLength(ProjectLimits.Text);
            e.Property(p => p.Currency).HasMaxLength(3);
            e.Property(p => p.BudgetHours).HasPrecision(12, 2);
            e.Property(p => p.HourlyRate).HasPrecision(19, 4);
            e.HasIndex(p => new { p.TenantId, p.Code }).IsUnique();
            e.HasIndex(p => new { p.TenantId, p.ClientId, p.Name });
            e.HasIndex(p => new { p.TenantId, p.Name });
            e.HasIndex(p => new { p.TenantId, p.Status });
            e.ReferencesClient(p => p.ClientId, DeleteBehavior.Restrict);
        });
        b.Entity<Board>(e =>
        {
            e.ToTable("PrjBoards");
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.TenantId, x.ProjectId }).IsUnique();
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Columns).WithOne().HasForeignKey(c => c.BoardId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<BoardColumn>(e =>
        {
            e.ToTable("PrjBoardColumns");
            e.Property(c => c.Name).HasMaxLength(ProjectLimits.Column);
            e.HasIndex(c => new { c.TenantId, c.BoardId, c.Position });
        });
        b.Entity<ProjectTask>(e =>
        {
            e.ToTable("PrjTasks");
            e.Property(t => t.Title).HasMaxLength(ProjectLimits.Name);
            e.Property(t => t.Description).HasMaxLength(ProjectLimits.Text);
            e.Property(t => t.Labels).HasMaxLength(ProjectLimits.Labels);
            e.Property(t => t.EstimateHours).HasPrecision(12, 2);
            e.HasIndex(t => new { t.TenantId, t.ProjectId, t.ColumnId, t.Position });
            e.HasIndex(t => new { t.TenantId, t.ColumnId, t.Position });
            e.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<BoardColumn>().WithMany().HasForeignKey(t => t.ColumnId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(t => t.Assignees).WithOne().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<TaskAssignee>(e =>
        {
            e.ToTable("PrjTaskAssignees");
            e.HasIndex(a => new { a.TenantId, a.TaskId, a.UserId }).IsUnique();
            e.HasIndex(a => new { a.TenantId, a.UserId });
        });
        b.Entity<TaskComment>(e =>
        {
            e.ToTable("PrjTaskComments");
            e.Property(c => c.Text).HasMaxLength(ProjectLimits.Text);
            e.HasIndex(c => new { c.TenantId, c.TaskId, c.CreatedAt });
            e.HasIndex(c => new { c.TenantId, c.AuthorId, c.CreatedAt });
            e.HasOne<ProjectTask>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ProjectMember>(e =>
        {
            e.ToTable("PrjMembers");
            e.Ignore(m => m.IsContact);
            e.Ignore(m => m.HasAccess);
            e.Property(m => m.Email).HasMaxLength(256);
            e.Property(m => m.TokenHash).HasMaxLength(64);
            // NULLs are distinct in unique indexes on SQLite and PostgreSQL: one row per user and one per contact.
            e.HasIndex(m => new { m.TenantId, m.ProjectId, m.UserId }).IsUnique();
            e.HasIndex(m => new { m.TenantId, m.ProjectId, m.ContactId }).IsUnique();
            e.HasIndex(m => new { m.TenantId, m.UserId });
            e.HasIndex(m => new { m.TenantId, m.ContactId });
            e.HasIndex(m => m.TokenHash);
            e.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.ReferencesContact(m => m.ContactId, DeleteBehavior.Cascade);
        });
        b.Entity<ProjectUpdate>(e =>
        {
            e.ToTable("PrjUpdates");
            e.Property(u => u.Text).HasMaxLength(ProjectLimits.Text);
            e.Property(u => u.Detail).HasMaxLength(ProjectLimits.Name);
            e.HasIndex(u => new { u.TenantId, u.ProjectId, u.CreatedAt });
            e.HasOne<Project>().WithMany().HasForeignKey(u => u.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ProjectSettings>(e =>
        {
            e.ToTable("PrjSettings");
            e.Property(s => s.BoardColumns).HasMaxLength(ProjectLimits.Template);
            e.HasIndex(s => s.TenantId).IsUnique();
        });
    }
}

public static class ProjectLimits
{
    public const int Name = 200;
    public const int Code = 20;
    public const int Text = 4000;
    public const int Column = 60;
    public const int Labels = 300;
    public const int Template = 1000;
    public const int MaxColumns = 12;
}
