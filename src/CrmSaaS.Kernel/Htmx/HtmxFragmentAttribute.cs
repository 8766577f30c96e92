namespace CrmSaaS.Kernel.Htmx;

/// <summary>
/// On a page model or one of its handlers: an htmx request that would render the page (a list's
/// search, a form shown again with its messages) gets only this partial, whose model is the page,
/// instead of the whole page for the browser to pick a part from.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class HtmxFragmentAttribute(string partialName) : Attribute
{
    public string PartialName { get; } = partialName;
}
