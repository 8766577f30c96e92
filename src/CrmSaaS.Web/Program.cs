using CrmSaaS.Web;
using CrmSaaS.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
// `backup FILE` / `restore FILE`: the embedded database's online backup and its restore, then exit.
if (SqliteBackup.TryRun(args, builder.Configuration, builder.Environment.ContentRootPath))
{
    return;
}

// Plugins' wwwroot files (/_content/...) are served from their projects in every environment, not
// only in Development; a published app has them copied into its own wwwroot and no manifest.
builder.WebHost.UseStaticWebAssets();
builder.AddCrmSaaS(Plugins.All);

var app = builder.Build();
app.UseCrmSaaS();
await app.PrepareDatabaseAsync();
app.Run();

public partial class Program;
