using CrmSaaS.Web;
using CrmSaaS.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
// Plugins' wwwroot files (/_content/...) are served from their projects in every environment, not
// only in Development; a published app has them copied into its own wwwroot and no manifest.
builder.WebHost.UseStaticWebAssets();
builder.AddCrmSaaS(Plugins.All);

var app = builder.Build();
app.UseCrmSaaS();
await app.PrepareDatabaseAsync();
app.Run();

public partial class Program;
