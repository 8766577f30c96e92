using System.Reflection;
using CrmSaaS.Kernel.Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Web.Hosting;

/// <summary>Renders the <see cref="HtmxFragmentAttribute"/> partial instead of the page for htmx requests.</summary>
public sealed class HtmxFragmentPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (!context.HttpContext.Request.IsHtmx() || executed.Result is not PageResult page || context.HandlerInstance is not PageModel model)
        {
            return;
        }

        var fragment = context.HandlerMethod?.MethodInfo.GetCustomAttribute<HtmxFragmentAttribute>()
            ?? model.GetType().GetCustomAttribute<HtmxFragmentAttribute>();
        if (fragment is not null)
        {
            var partial = model.Partial(fragment.PartialName, model);
            partial.StatusCode = page.StatusCode;
            executed.Result = partial;
        }
    }
}
