using Coravel.Invocable;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Crm.Import;

/// <summary>
/// Every few minutes, in every team: an import whose writer stopped renewing its lease (the process
/// crashed or restarted mid-import) is rolled back, so no half import stays behind.
/// </summary>
[ActsAs("roll back abandoned imports", CrmPermissions.Import)]
public sealed class RollBackAbandonedImports(TenantJobs jobs) : IInvocable
{
    public Task Invoke() => jobs.ForEachActiveTenantAsync<RollBackAbandonedImports>(
        (services, _, cancellationToken) => services.GetRequiredService<CsvImporter>().RollBackAbandonedAsync(cancellationToken),
        CancellationToken.None);
}
