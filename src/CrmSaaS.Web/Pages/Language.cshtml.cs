using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web.Hosting;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Pages;

/// <summary>The language switch: a cookie for this browser and, when signed in, the user's preference.</summary>
[AllowAnonymous]
[AnySite]
public sealed class LanguageModel(IMediator mediator, TimeProvider clock) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl)
    {
        var chosen = CultureCookie.Normalize(culture);
        CultureCookie.Set(Response, chosen, clock.GetUtcNow());
        await mediator.Send(new Command(chosen));
        return Redirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    [PublicMessage]
    public sealed record Command(string Culture) : IRequest;

    public sealed class Handler(AppDbContext db, ICurrentUser current) : IRequestHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            if (current.UserId is { } userId)
            {
                await db.Users.Where(u => u.Id == userId)
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, command.Culture), cancellationToken);
            }

            return Unit.Value;
        }
    }
}
