using System.Text.RegularExpressions;
using Npgsql;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// What the app adds to a PostgreSQL connection string that does not say otherwise: statements
/// prepared on the server once they repeat (Npgsql's automatic preparation), so a request's
/// statements are parsed and planned once per pooled connection instead of on every execution.
/// A connection string that names <c>Max Auto Prepare</c> itself (for example 0, behind a pooler
/// in transaction mode that cannot keep prepared statements) is left as it is.
/// </summary>
public static partial class PostgresConnectionString
{
    /// <summary>How many distinct statements each connection keeps prepared (the app has a few hundred).</summary>
    public const int MaxAutoPrepare = 256;

    /// <summary>A statement is prepared on its second execution on a connection.</summary>
    public const int AutoPrepareMinUsages = 2;

    public static string? WithDefaults(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString) || MaxAutoPrepareNamed().IsMatch(connectionString))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = MaxAutoPrepare };
        if (!MinUsagesNamed().IsMatch(connectionString))
        {
            builder.AutoPrepareMinUsages = AutoPrepareMinUsages;
        }

        return builder.ConnectionString;
    }

    [GeneratedRegex(@"max\s*auto\s*prepare", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaxAutoPrepareNamed();

    [GeneratedRegex(@"auto\s*prepare\s*min\s*usages", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MinUsagesNamed();
}
