using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// Turns what handlers throw into answers: a rule broken → the same page again with each message
/// beside its field and 422; a missing permission → 403; an entity of no concern to this team → 404.
/// </summary>
public sealed class DomainExceptionPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        switch (executed.Exception)
        {
            case ValidationFailedException invalid:
                foreach (var (field, messages) in invalid.Errors)
                {
                    foreach (var message in messages)
                    {
                        executed.ModelState.AddModelError(field, message);
                    }
                }

                executed.ExceptionHandled = true;
                if (context.HandlerInstance is IReloadOnInvalid reloadable)
                {
                    await reloadable.ReloadAsync();
                }

                executed.Result = new PageResult { StatusCode = StatusCodes.Status422UnprocessableEntity };
                break;
            case ForbiddenException:
                executed.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                executed.ExceptionHandled = true;
                break;
            case NotFoundException:
                executed.Result = new NotFoundResult();
                executed.ExceptionHandled = true;
                break;
        }

        if (executed.Result is PageResult rendered && rendered.StatusCode is null && !executed.ModelState.IsValid
            && HttpMethods.IsPost(context.HttpContext.Request.Method))
        {
            rendered.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
    }
}
