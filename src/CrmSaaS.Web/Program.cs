using CrmSaaS.Web;
using CrmSaaS.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCrmSaaS(Plugins.All);

var app = builder.Build();
app.UseCrmSaaS();
await app.PrepareDatabaseAsync();
app.Run();

public partial class Program;
