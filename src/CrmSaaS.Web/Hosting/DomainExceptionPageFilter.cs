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
        // A field that could not be read never reaches a handler as a default value: an unsafe request
        // is refused with its messages. (A GET keeps the page's own default, such as this week.)
        if (StrictBinding.Failures(context.HttpContext).Count > 0 && !HttpMethods.IsGet(context.HttpContext.Request.Method)
            && !HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            var refused = new PageResult { StatusCode = StatusCodes.Status422UnprocessableEntity };
            context.Result = await ShowAgainAsync(context.HandlerInstance, refused);
            return;
        }

        var executed = await next();
        var invalidCommand = false;
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
                executed.Result = new PageResult();
                invalidCommand = true;
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

        // A POST that shows its page again with messages: 422, and the page's lists and names loaded
        // again here, so no handler has to remember to do it.
        if (executed.Result is PageResult rendered && rendered.StatusCode is null && !executed.ModelState.IsValid
            && (invalidCommand || HttpMethods.IsPost(context.HttpContext.Request.Method)))
        {
            rendered.StatusCode = StatusCodes.Status422UnprocessableEntity;
            executed.Result = await ShowAgainAsync(context.HandlerInstance, rendered);
        }
    }

    private static async Task<IActionResult> ShowAgainAsync(object handlerInstance, PageResult page)
    {
        if (handlerInstance is not IReloadOnInvalid reloadable)
        {
            return page;
        }

        // Reloading reads the page's entity again: it may not exist in this team, or not for this user.
        try
        {
            await reloadable.ReloadAsync();
            return page;
        }
        catch (NotFoundException)
        {
            return new NotFoundResult();
        }
        catch (ForbiddenException)
        {
            return new StatusCodeResult(StatusCodes.Status403Forbidden);
        }
    }
}
