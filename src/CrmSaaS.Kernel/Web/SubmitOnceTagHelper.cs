using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CrmSaaS.Kernel.Web;

/// <summary>
/// <c>&lt;form method="post" asp-submit-once&gt;</c>: the form carries a fresh one-time token, so sending
/// it twice (a double click, a request resent after a timeout) creates one thing, not two; the
/// second sending is led to where the first one went. For forms that create something.
/// </summary>
[HtmlTargetElement("form", Attributes = Attribute)]
public sealed class SubmitOnceTagHelper : TagHelper
{
    public const string FieldName = "__SubmitOnce";
    private const string Attribute = "asp-submit-once";

    [HtmlAttributeName(Attribute)]
    public bool Enabled { get; set; } = true;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Enabled)
        {
            output.PostContent.AppendHtml($"<input type=\"hidden\" name=\"{FieldName}\" value=\"{Guid.NewGuid()}\" />");
        }
    }
}
