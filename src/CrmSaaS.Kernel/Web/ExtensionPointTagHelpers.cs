using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CrmSaaS.Kernel.Web;

/// <summary>
/// <c>&lt;detail-sections entity-type="Client" entity-id="@Model.Id" /&gt;</c>: renders every plugin's
/// section for that entity which the current user may see. The page owning the entity knows none of them.
/// </summary>
[HtmlTargetElement("detail-sections", TagStructure = TagStructure.WithoutEndTag)]
public sealed class DetailSectionsTagHelper(PluginCatalog catalog, ICurrentUser user, IViewComponentHelper components) : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public string EntityType { get; set; } = "";

    public Guid EntityId { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        ((IViewContextAware)components).Contextualize(ViewContext);
        output.TagName = null;
        foreach (var section in catalog.SectionsFor(EntityType).Where(s => user.Has(s.Permission)))
        {
            output.Content.AppendHtml(await components.InvokeAsync(section.ViewComponent, new { entityId = EntityId }));
        }
    }
}

/// <summary><c>&lt;dashboard-cards /&gt;</c>: the plugins' cards on the team's home page, in their order.</summary>
[HtmlTargetElement("dashboard-cards", TagStructure = TagStructure.WithoutEndTag)]
public sealed class DashboardCardsTagHelper(PluginCatalog catalog, ICurrentUser user, IViewComponentHelper components) : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        ((IViewContextAware)components).Contextualize(ViewContext);
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "row g-3");
        foreach (var card in catalog.DashboardCards.Where(c => user.Has(c.Permission)))
        {
            output.Content.AppendHtml("<div class=\"col-12 col-md-6 col-xl-4\">");
            output.Content.AppendHtml(await components.InvokeAsync(card.ViewComponent));
            output.Content.AppendHtml("</div>");
        }
    }
}

/// <summary><c>&lt;top-bar-items /&gt;</c>: the plugins' items in the top bar (team members only, not client contacts).</summary>
[HtmlTargetElement("top-bar-items", TagStructure = TagStructure.WithoutEndTag)]
public sealed class TopBarItemsTagHelper(PluginCatalog catalog, ICurrentUser user, IViewComponentHelper components) : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        ((IViewContextAware)components).Contextualize(ViewContext);
        output.TagName = null;
        foreach (var item in catalog.TopBarItems.Where(i => user.Has(i.Permission)))
        {
            output.Content.AppendHtml(await components.InvokeAsync(item.ViewComponent));
        }
    }
}
