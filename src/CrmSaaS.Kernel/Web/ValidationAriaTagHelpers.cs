using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CrmSaaS.Kernel.Web;

/// <summary>
/// Ties a field to its validation message for screen readers: a field with an error gets
/// <c>aria-invalid="true"</c>, the <c>is-invalid</c> style and <c>aria-describedby</c> pointing at the
/// message, which gets the matching id (see <see cref="ValidationMessageIdTagHelper"/>). A length limit
/// becomes <c>data-maxlength</c>, which marks an overlong value instead of cutting it silently as
/// <c>maxlength</c> would (the server refuses it with a message).
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
public sealed class InvalidFieldTagHelper : TagHelper
{
    private const string ForAttribute = "asp-for";

    [HtmlAttributeName(ForAttribute)]
    public Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>After the framework's own tag helpers have written the id and name.</summary>
    public override int Order => 100;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.TryGetAttribute("maxlength", out var maxLength))
        {
            output.Attributes.Remove(maxLength);
            output.Attributes.SetAttribute("data-maxlength", maxLength.Value);
        }

        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (!ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0)
        {
            return;
        }

        var messageId = ValidationMessageIdTagHelper.IdFor(name);
        output.Attributes.SetAttribute("aria-invalid", "true");
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? $"{existing.Value} {messageId}" : messageId;
        output.Attributes.SetAttribute("aria-describedby", describedBy);
        output.AddClass("is-invalid", System.Text.Encodings.Web.HtmlEncoder.Default);
    }
}

/// <summary>Gives a field's validation message (<c>asp-validation-for</c>) the id its field points at.</summary>
[HtmlTargetElement("span", Attributes = ForAttribute)]
[HtmlTargetElement("div", Attributes = ForAttribute)]
public sealed class ValidationMessageIdTagHelper : TagHelper
{
    private const string ForAttribute = "asp-validation-for";

    [HtmlAttributeName(ForAttribute)]
    public Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 100;

    public static string IdFor(string fullName) => TagBuilder.CreateSanitizedId(fullName, "_") + "-error";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        ShownErrors.Mark(ViewContext.HttpContext, name);
        if (!output.Attributes.ContainsName("id"))
        {
            output.Attributes.SetAttribute("id", IdFor(name));
        }
    }
}

/// <summary>Notes which errors a validation summary shows, so the layout shows only the others.</summary>
[HtmlTargetElement("div", Attributes = SummaryAttribute)]
[HtmlTargetElement("ul", Attributes = SummaryAttribute)]
public sealed class ValidationSummaryShownTagHelper : TagHelper
{
    private const string SummaryAttribute = "asp-validation-summary";

    [HtmlAttributeName(SummaryAttribute)]
    public ValidationSummary Summary { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Summary == ValidationSummary.All)
        {
            foreach (var key in ViewContext.ViewData.ModelState.Keys)
            {
                ShownErrors.Mark(ViewContext.HttpContext, key);
            }
        }

        if (Summary != ValidationSummary.None)
        {
            ShownErrors.Mark(ViewContext.HttpContext, "");
        }
    }
}

/// <summary>
/// The errors a page did not show beside a field or in its summary (a refused value of a field the
/// page renders without a message, a handler argument): the layout lists them, so no refusal is silent.
/// </summary>
public static class ShownErrors
{
    private static readonly object Key = new();

    public static void Mark(Microsoft.AspNetCore.Http.HttpContext http, string field)
    {
        if (!http.Items.TryGetValue(Key, out var shown))
        {
            http.Items[Key] = shown = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        ((HashSet<string>)shown!).Add(field);
    }

    public static IReadOnlyList<string> Unshown(ViewContext view)
    {
        var shown = view.HttpContext.Items.TryGetValue(Key, out var marked) ? (HashSet<string>)marked! : [];
        return view.ViewData.ModelState
            .Where(e => e.Value is { Errors.Count: > 0 } && !shown.Contains(e.Key))
            .SelectMany(e => e.Value!.Errors.Select(error => error.ErrorMessage))
            .Where(message => !string.IsNullOrEmpty(message))
            .Distinct()
            .ToList();
    }
}
