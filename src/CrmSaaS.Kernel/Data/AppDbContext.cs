using System.Linq.Expressions;
using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Jobs;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Kernel.Data;

/// <summary>
/// The one context of the app. Its model is the kernel's entities plus every plugin's.
/// Tenant-owned entities get the named "Tenant" query filter, which reads <see cref="CurrentTenantId"/>
/// on every query (never a captured constant), and saving enforces the same tenant.
/// </summary>
public class AppDbContext : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public const string TenantFilter = "Tenant";

    /// <summary>The keys behind cookies and antiforgery tokens, shared by every instance of the app.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    private readonly ITenantContext tenantContext;
    private readonly PluginCatalog plugins;

    public AppDbContext(DbContextOptions<AppDbContext> options, ITenantContext tenantContext, PluginCatalog plugins)
        : base(options)
    {
        this.tenantContext = tenantContext;
        this.plugins = plugins;
        if (AmbientTransaction.Current is { } ambient && Database.GetDbConnection() == ambient.Connection)
        {
            Database.UseTransaction(ambient.Transaction);
        }
    }

    public Guid? CurrentTenantId => tenantContext.Tenant?.Id;

    /// <summary>Whether this context runs on PostgreSQL (else on the embedded SQLite).</summary>
    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<SignInTicket> SignInTickets => Set<SignInTicket>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<FormSubmission> FormSubmissions => Set<FormSubmission>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ConfigureKernel(builder);
        foreach (var plugin in plugins.Plugins)
        {
            plugin.ConfigureModel(builder);
        }

        ApplyBytewiseColumns(builder, IsPostgres);
        ApplyTenantFilters(builder);
    }

    /// <summary>
    /// Columns compared as byte ranges or ordered by a separator character (<see cref="BytewiseExtensions.Bytewise"/>)
    /// get PostgreSQL's "C" collation, whatever the database's default is: a linguistic collation
    /// (en_US.UTF-8, ICU) ignores punctuation and control characters at first, which would widen
    /// the ranges and reorder the keys. SQLite's default collation is bytewise already.
    /// </summary>
    private static void ApplyBytewiseColumns(ModelBuilder builder, bool postgres)
    {
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()).Where(p => p.FindAnnotation(BytewiseExtensions.Annotation) is not null).ToList())
        {
            property.RemoveAnnotation(BytewiseExtensions.Annotation);
            if (postgres)
            {
                property.SetCollation("C");
            }
        }
    }

    private static void ConfigureKernel(ModelBuilder b)
    {
        b.Entity<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>(e => e.ToTable("DataProtectionKeys"));
        b.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(120);
            e.Property(u => u.Culture).HasMaxLength(10);
            e.Property(u => u.TimeZone).HasMaxLength(64);
        });
        b.Entity<Tenant>(e =>
        {
            e.HasIndex(t => t.Identifier).IsUnique();
            e.Property(t => t.Identifier).HasMaxLength(40);
            e.Property(t => t.Name).HasMaxLength(120);
            e.Property(t => t.Currency).HasMaxLength(3);
            e.Property(t => t.TimeZone).HasMaxLength(64);
        });
        b.Entity<Membership>(e =>
        {
            e.HasIndex(m => new { m.TenantId, m.UserId }).IsUnique();
            e.HasIndex(m => m.UserId);
            e.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Invitation>(e =>
        {
            e.HasIndex(i => new { i.TenantId, i.TokenHash }).IsUnique();
            e.HasIndex(i => new { i.TenantId, i.Email });
            e.Property(i => i.Email).HasMaxLength(256);
            e.Property(i => i.TokenHash).HasMaxLength(64);
        });
        b.Entity<UserSession>(e => e.HasIndex(u => u.UserId));
        b.Entity<FormSubmission>(e =>
        {
            e.HasKey(f => f.Token);
            e.Property(f => f.Location).HasMaxLength(2000);
            e.HasIndex(f => f.CreatedAt);
        });
        b.Entity<SignInTicket>(e =>
        {
            e.HasIndex(t => new { t.TenantId, t.TokenHash }).IsUnique();
            e.Property(t => t.TokenHash).HasMaxLength(64);
        });
        b.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
            e.HasIndex(m => m.DeadAt);
            e.Property(m => m.To).HasMaxLength(256);
            e.Property(m => m.Subject).HasMaxLength(300);
            e.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<OutboxAttachment>(e =>
        {
            e.ToTable("OutboxAttachments");
            e.Property(a => a.FileName).HasMaxLength(200);
            e.Property(a => a.ContentType).HasMaxLength(100);
        });
        b.Entity<StoredEvent>(e =>
        {
            e.ToTable("IntegrationEvents");
            e.HasIndex(x => new { x.TenantId, x.OccurredAt });
            e.Property(x => x.Type).HasMaxLength(200);
            e.Property(x => x.Actor).HasMaxLength(256);
        });
        b.Entity<EventDelivery>(e =>
        {
            e.ToTable("IntegrationEventDeliveries");
            e.HasIndex(d => new { d.EventId, d.Handler }).IsUnique();
            e.HasIndex(d => new { d.Status, d.NextAttemptAt });
            e.Property(d => d.Handler).HasMaxLength(200);
            e.HasOne<StoredEvent>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<JobRun>(e =>
        {
            e.HasIndex(r => new { r.Job, r.StartedAt });
            e.Property(r => r.Job).HasMaxLength(120);
        });
        b.Entity<DataExport.TeamExport>(e =>
        {
            e.ToTable("TeamExports");
            e.HasIndex(x => new { x.TenantId, x.RequestedAt });
            e.HasIndex(x => new { x.Status, x.RequestedAt });
            e.Property(x => x.RequestedBy).HasMaxLength(200);
            e.Property(x => x.Error).HasMaxLength(1000);
        });
        b.Entity<DataExport.TeamExportChunk>(e =>
        {
            e.ToTable("TeamExportChunks");
            e.HasIndex(x => new { x.TenantId, x.ExportId, x.Index }).IsUnique();
            e.HasOne<DataExport.TeamExport>().WithMany().HasForeignKey(x => x.ExportId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<JobLease>(e =>
        {
            e.ToTable("JobLeases");
            e.HasKey(l => new { l.Job, l.TenantId });
            e.Property(l => l.Job).HasMaxLength(120);
            e.Property(l => l.HeldBy).HasMaxLength(80);
        });
        b.Entity<JobFailure>(e =>
        {
            e.HasIndex(f => f.At);
            e.Property(f => f.Job).HasMaxLength(120);
            e.HasOne<JobRun>().WithMany().HasForeignKey(f => f.JobRunId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => new { a.TenantId, a.At });
            e.Property(a => a.EntityType).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.Property(a => a.UserName).HasMaxLength(256);
        });
    }

    private void ApplyTenantFilters(ModelBuilder builder)
    {
        var currentTenant = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        foreach (var entityType in builder.Model.GetEntityTypes()
                     .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && t.BaseType is null))
        {
            var e = Expression.Parameter(entityType.ClrType, "e");
            var tenantId = Expression.Convert(Expression.Property(e, nameof(ITenantOwned.TenantId)), typeof(Guid?));
            var filter = Expression.Lambda(Expression.Equal(tenantId, currentTenant), e);
            builder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter, filter);
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnforceTenancy();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnforceTenancy();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Stamps new tenant-owned rows and refuses any change that is not the current tenant's.</summary>
    private void EnforceTenancy()
    {
        var tenantId = CurrentTenantId;
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var type = entry.Metadata.ClrType.Name;
            if (tenantId is null)
            {
                throw new TenantMismatchException($"Cannot save {type} without a current tenant.");
            }

            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = tenantId.Value;
            }

            var original = entry.State == EntityState.Added
                ? entry.Entity.TenantId
                : entry.Property(x => x.TenantId).OriginalValue;
            if (entry.Entity.TenantId != tenantId || original != tenantId)
            {
                throw new TenantMismatchException($"Cannot save {type} of another tenant.");
            }
        }
    }
}

public static class BytewiseExtensions
{
    internal const string Annotation = "CrmSaaS:Bytewise";

    /// <summary>The column is compared byte by byte on every database (see <see cref="AppDbContext"/>).</summary>
    public static Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<string> Bytewise(this Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<string> property) =>
        property.HasAnnotation(Annotation, true);
}
