using System.Data.Common;
using CrmSaaS.Kernel.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// Gives every SQLite connection the .NET text keys SQLite lacks (its upper() knows ASCII only), so
/// migrations can fill key columns exactly as the application computes them.
/// </summary>
public sealed class SqliteFunctions : DbConnectionInterceptor
{
    public const string NameKey = "crmsaas_name_key";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<string?, string?>(NameKey, value => value is null ? null : TextKeys.Name(value), isDeterministic: true);
        }
    }
}
