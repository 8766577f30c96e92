using Coravel.Invocable;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Kernel.Tenancy;

/// <summary>
/// Deletes a team and everything it keeps, in one transaction: every table of every plugin that has a
/// TenantId column loses the team's rows (dependent tables before the tables they point to), then the
/// team itself. People's accounts stay (they may belong to other teams); their membership goes.
/// </summary>
public sealed class TeamDeletion(AppDbContext db, IUnitOfWork unitOfWork, ITenantStore store)
{
    public const string TenantColumn = "TenantId";
    public static readonly TimeSpan GracePeriod = TimeSpan.FromDays(30);

    /// <summary>The tables holding a team's rows, each after every table that points to it.</summary>
    public IReadOnlyList<IEntityType> TablesInDeletionOrder()
    {
        var tables = db.Model.GetEntityTypes()
            .Where(t => t.GetTableName() is not null && !t.IsOwned() && t.BaseType is null && t.FindProperty(TenantColumn) is { } p && (p.ClrType == typeof(Guid) || p.ClrType == typeof(Guid?)))
            .OrderBy(t => t.GetTableName(), StringComparer.Ordinal)
            .ToList();
        var ordered = new List<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType table)
        {
            if (ordered.Contains(table) || !visiting.Add(table))
            {
                return;
            }

            // Tables that point to this one go first.
            foreach (var dependent in tables.Where(d => d != table && d.GetForeignKeys().Any(fk => fk.PrincipalEntityType == table)))
            {
                Visit(dependent);
            }

            ordered.Add(table);
        }

        foreach (var table in tables)
        {
            Visit(table);
        }

        return ordered;
    }

    /// <summary>Deletes the team now; returns the rows removed. Raw SQL passes the tenant filter by: every statement names the team.</summary>
    public async Task<long> DeleteAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var identifier = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Identifier).SingleOrDefaultAsync(cancellationToken);
        if (identifier is null)
        {
            return 0;
        }

        var removed = await unitOfWork.RunAsync(async ct =>
        {
            long rows = 0;
            foreach (var table in TablesInDeletionOrder())
            {
                // Table and column names come from the model, never from input; the team is a parameter.
                var statement = "DELETE FROM " + sql.DelimitIdentifier(table.GetTableName()!, table.GetSchema())
                    + " WHERE " + sql.DelimitIdentifier(table.FindProperty(TenantColumn)!.GetColumnName()) + " = {0}";
                rows += await db.Database.ExecuteSqlRawAsync(statement, [tenantId], ct);
            }

            return rows + await db.Tenants.Where(t => t.Id == tenantId).ExecuteDeleteAsync(ct);
        }, cancellationToken);
        store.Invalidate(identifier);
        return removed;
    }
}

/// <summary>Deletes the teams whose grace period has run out (hourly; once across instances).</summary>
[Security.ActsAs("team deletion", Security.TeamPermissions.Delete)]
public sealed class DeleteTeamsPastGracePeriod(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DeleteTeamsPastGracePeriod> log) : IInvocable
{
    public async Task Invoke()
    {
        List<(Guid Id, string Identifier)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow().UtcDateTime;
            due = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants.AsNoTracking()
                .Where(t => t.DeleteAfter != null && t.DeleteAfter < now).Select(t => new { t.Id, t.Identifier }).ToListAsync())
                .Select(t => (t.Id, t.Identifier)).ToList();
        }

        foreach (var (id, identifier) in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            var leases = scope.ServiceProvider.GetRequiredService<JobLeases>();
            var holder = Guid.NewGuid().ToString();
            if (!await leases.TryTakeAsync("team deletion", id, holder))
            {
                continue;
            }

            try
            {
                var rows = await scope.ServiceProvider.GetRequiredService<TeamDeletion>().DeleteAsync(id, CancellationToken.None);
                log.LogWarning("Team {Team} deleted after its grace period: {Rows} rows removed", identifier, rows);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Deleting team {Team} failed; it is tried again next hour", identifier);
            }
            finally
            {
                await leases.ReleaseAsync("team deletion", id, holder);
            }
        }
    }
}
