using System.Security.Claims;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CrmSaaS.Tests.Hosting;

/// <summary>Sections and cards come from the plugins, filtered by what the user may see.</summary>
public class ExtensionPointsShould
{
    private sealed class Plugin : IPlugin
    {
        public string Name => "Probe";

        public IEnumerable<DetailSection> DetailSections =>
        [
            new("Client", "InvoicesSection", "billing.read", 30),
            new("Client", "ProjectsSection", "projects.read", 10),
            new("Project", "TimeSection", "time.read", 10),
        ];

        public IEnumerable<DashboardCard> DashboardCards =>
        [
            new("SecretCard", "billing.read", 1),
            new("OpenCard", "projects.read", 2),
        ];
    }

    private sealed class User(params string[] granted) : ICurrentUser
    {
        public Guid? UserId => Guid.NewGuid();
        public string? DisplayName => "Probe";
        public TeamRole? Role => TeamRole.TeamMember;
        public bool IsSuperadmin => false;
        public SystemActor? System => null;
        public bool IsClientContact => false;
        public bool Has(string permission) => granted.Contains(permission);
    }

    private sealed class Components : IViewComponentHelper, IViewContextAware
    {
        public List<(string Name, object? Arguments)> Invoked { get; } = [];

        public void Contextualize(ViewContext viewContext)
        {
        }

        public Task<IHtmlContent> InvokeAsync(string name, object? arguments)
        {
            Invoked.Add((name, arguments));
            return Task.FromResult<IHtmlContent>(new HtmlString($"[{name}]"));
        }

        public Task<IHtmlContent> InvokeAsync(Type componentType, object? arguments) => throw new NotSupportedException();
    }

    private static async Task<string> RenderAsync(TagHelper helper)
    {
        var context = new TagHelperContext([], new Dictionary<object, object>(), "id");
        // Written as <x /> in a view, so Razor hands the helper a self-closing tag.
        var output = new TagHelperOutput("x", [], (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent())) { TagMode = TagMode.SelfClosing };
        await helper.ProcessAsync(context, output);
        using var writer = new StringWriter();
        output.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }

    [Fact]
    public async Task RenderTheSectionsOfThatEntityTheUserMaySeeInOrder()
    {
        var components = new Components();
        var id = Guid.NewGuid();
        var helper = new DetailSectionsTagHelper(new PluginCatalog([new Plugin()]), new User("projects.read", "time.read"), components)
        {
            ViewContext = new ViewContext(),
            EntityType = "Client",
            EntityId = id,
        };

        var html = await RenderAsync(helper);

        Assert.Equal("[ProjectsSection]", html);
        var (name, arguments) = Assert.Single(components.Invoked);
        Assert.Equal("ProjectsSection", name);
        Assert.Equal(id, arguments!.GetType().GetProperty("entityId")!.GetValue(arguments));
    }

    [Fact]
    public async Task RenderEveryAllowedSectionOrderedAcrossPlugins()
    {
        var components = new Components();
        var helper = new DetailSectionsTagHelper(new PluginCatalog([new Plugin()]), new User("projects.read", "billing.read"), components)
        {
            ViewContext = new ViewContext(),
            EntityType = "Client",
            EntityId = Guid.NewGuid(),
        };

        Assert.Equal("[ProjectsSection][InvoicesSection]", await RenderAsync(helper));
    }

    [Fact]
    public async Task RenderOnlyTheDashboardCardsTheUserMaySee()
    {
        var components = new Components();
        var helper = new DashboardCardsTagHelper(new PluginCatalog([new Plugin()]), new User("projects.read"), components) { ViewContext = new ViewContext() };

        var html = await RenderAsync(helper);

        Assert.Contains("[OpenCard]", html);
        Assert.DoesNotContain("SecretCard", html);
    }
}
