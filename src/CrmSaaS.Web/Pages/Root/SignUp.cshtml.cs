using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Contracts;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Web.Hosting;
using CrmSaaS.Web.Identity;
using CrmSaaS.Web.Team;
using CrmSaaS.Kernel.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Root;

/// <summary>
/// Signs up a team: the team, its owner and the owner's Organization Manager membership are
/// created together, and the owner is sent to the team's subdomain through a one-time sign-in link.
/// </summary>
[RootSite]
[AllowAnonymous]
[SignInRateLimited]
public sealed class SignUpModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    public void OnGet()
    {
    }

    /// <summary>The as-you-type check of the subdomain (htmx).</summary>
    public async Task<IActionResult> OnGetCheckAsync([FromQuery(Name = "Input.Identifier")] string? identifier) =>
        Partial("_IdentifierCheck", await mediator.Send(new CheckIdentifier(identifier ?? "")));

    [HtmxFragment("_SignUpForm")]
    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await mediator.Send(Input);
        if (outcome.Refusal is { } refusal)
        {
            ModelState.AddModelError("Input.Password", refusal);
            return Page();
        }

        return this.RedirectOrHxRedirect(outcome.TicketUrl!);
    }

    /// <summary>Where the new owner goes, or why the sign-up was refused (an outcome, so a counted failure is kept).</summary>
    public sealed record Outcome(string? TicketUrl, string? Refusal);

    public sealed record IdentifierCheck(string Identifier, string? Error, string? Address);

    [PublicMessage]
    public sealed record CheckIdentifier(string Identifier) : IQuery<IdentifierCheck>;

    [PublicMessage]
    public sealed class Command : IRequest<Outcome>
    {
        [Required(ErrorMessage = "Enter your team's name.")]
        [StringLength(120, ErrorMessage = "The name is too long (120 characters at most).")]
        public string TeamName { get; set; } = "";

        [Required(ErrorMessage = "Choose a subdomain.")]
        [StringLength(40, MinimumLength = 3, ErrorMessage = "The subdomain needs 3 to 40 characters.")]
        public string Identifier { get; set; } = "";

        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(120, ErrorMessage = "The name is too long (120 characters at most).")]
        public string OwnerName { get; set; } = "";

        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(256, ErrorMessage = "The email address is too long.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(100, MinimumLength = 8, ErrorMessage = "The password needs at least 8 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public sealed class Handlers(AppDbContext db, IUnitOfWork unitOfWork, TeamProvisioning provisioning, UserManager<AppUser> users, PasswordSignIn passwords, ITenantStore store,
        IPublisher publisher, TenantUrls urls, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IQueryHandler<CheckIdentifier, IdentifierCheck>, IRequestHandler<Command, Outcome>
    {
        public async ValueTask<IdentifierCheck> Handle(CheckIdentifier query, CancellationToken cancellationToken)
        {
            var identifier = query.Identifier.Trim().ToLowerInvariant();
            var error = await IdentifierErrorAsync(identifier, cancellationToken);
            return new IdentifierCheck(identifier, error, error is null ? urls.ForTeam(identifier) : null);
        }

        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var identifier = command.Identifier.Trim().ToLowerInvariant();
            if (await IdentifierErrorAsync(identifier, cancellationToken) is { } error)
            {
                throw new ValidationFailedException("Input.Identifier", error);
            }

            var email = command.Email.Trim();
            var user = await users.FindByEmailAsync(email);
            if (user is not null && await passwords.CheckAsync(email, command.Password, _ => Task.FromResult(true)) is null)
            {
                // The same checks as signing in (lockout, failure count, per-account limit), and one answer
                // for a wrong password, a locked account or too many attempts.
                return new Outcome(null, l["This email and password do not fit together. If you already have an account, enter its password to add the team to it, or use another email."]);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var tenant = TeamProvisioning.NewTenant(command.TeamName.Trim(), identifier, now);
            db.Tenants.Add(tenant);
            user ??= await provisioning.CreateUserAsync(command.OwnerName.Trim(), email, command.Password, CultureCookie.Normalize(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName), "Input.");

            string token;
            using (TenantContext.BeginScope(tenant.ToInfo()))
            {
                provisioning.AddMembership(user.Id, Kernel.Security.TeamRole.OrganizationManager);
                token = provisioning.IssueSignInTicket(user.Id);
                await publisher.Publish(new TeamSignedUp(tenant.Id, tenant.Identifier, tenant.Name, user.Id, email), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            unitOfWork.AfterCommit(_ =>
            {
                store.Invalidate(identifier);
                return Task.CompletedTask;
            });
            return new Outcome(urls.ForTeam(identifier, "/account/ticket?token=" + token), null);
        }

        private async Task<string?> IdentifierErrorAsync(string identifier, CancellationToken cancellationToken)
        {
            if (identifier.Length is < 3 or > 40 || !HostTenantStrategy.IsValidIdentifier(identifier))
            {
                return l["Use 3 to 40 lower-case letters, digits and single hyphens; start and end with a letter or digit."].Value;
            }

            if (HostTenantStrategy.ReservedLabels.Contains(identifier))
            {
                return l["This subdomain is reserved. Please choose another."].Value;
            }

            return await provisioning.IsIdentifierTakenAsync(identifier, cancellationToken)
                ? l["This subdomain is already taken. Please choose another."].Value
                : null;
        }
    }
}
