using System.Globalization;
using CrmSaaS.Kernel.Common;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CrmSaaS.Kernel.Web;

/// <summary>
/// <c>&lt;local-time utc="@x.CreatedAt" /&gt;</c>: a UTC instant as a &lt;time&gt; in the viewer's time zone
/// and culture ("g" by default; "t", "d" or "f" with <c>format</c>), the instant itself in <c>datetime</c>.
/// </summary>
[HtmlTargetElement("local-time", Attributes = "utc", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LocalTimeTagHelper(UserTimeZones zones) : TagHelper
{
    public DateTime? Utc { get; set; }

    public string Format { get; set; } = "g";

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (Utc is not { } utc)
        {
            output.SuppressOutput();
            return;
        }

        var zone = await zones.ViewerAsync(CancellationToken.None);
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("title", zone.Id);
        output.Content.SetContent(UserTimeZones.ToLocal(utc, zone).ToString(Format, CultureInfo.CurrentCulture));
    }
}
