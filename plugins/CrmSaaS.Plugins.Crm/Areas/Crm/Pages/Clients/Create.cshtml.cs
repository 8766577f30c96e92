using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Clients;

[RequiresPermission(CrmPermissions.ClientsCreate)]
public sealed class CreateModel(IMediator mediator, CrmAccess access, ICurrentUser user, ITenantContext tenant, IEnumerable<IOnboardingContributor> contributors)
    : PageModel, IClientForm, IReloadOnInvalid
{
    [BindProperty]
    public ClientInput Input { get; set; } = new();

    /// <summary>The client's representative contact, created with it (so onboarding can invite them).</summary>
    [BindProperty]
    public RepresentativeInput Representative { get; set; } = new();

    /// <summary>The onboarding options other plugins put on this form, keyed "Plugin.Field" (only fields named Onboarding[…] bind).</summary>
    [BindProperty(Name = "Onboarding")]
    public Dictionary<string, string> Onboarding { get; set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    public IReadOnlyList<IOnboardingContributor> Contributors { get; } = contributors.OrderBy(c => c.Order).ToList();

    public bool CanReassign => user.Has(CrmPermissions.Reassign);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input.ResponsibleManagerId = access.Me;
        Input.Currency = tenant.Tenant!.Currency;
        foreach (var contributor in Contributors)
        {
            foreach (var (key, value) in await contributor.DefaultsAsync(cancellationToken))
            {
                Onboarding[key] = value;
            }
        }

        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var id = await mediator.Send(new Command(Input, Representative, Onboarding), cancellationToken);
        return Redirect(Url.Page("/Clients/Details", new { area = "Crm", id })!);
    }

    public Task ReloadAsync() => LoadAsync(HttpContext.RequestAborted);

    private async Task LoadAsync(CancellationToken cancellationToken) => Members = await access.MembersAsync(cancellationToken);

    [RequiresPermission(CrmPermissions.ClientsCreate)]
    public sealed record Command(ClientInput Input, RepresentativeInput? Representative, IReadOnlyDictionary<string, string> Onboarding) : IRequest<Guid>;

    /// <summary>
    /// Creates the client and announces it (<see cref="ClientCreated"/>) in the command's unit of work:
    /// when any plugin's onboarding fails, nothing is saved and the user is told which step failed.
    /// </summary>
    public sealed class Handler(AppDbContext db, Assignments assignments, CrmAccess access, ContactWriter contacts, ClientAnnouncer announcer, TimeProvider clock,
        IStringLocalizer<SharedResource> l, ILogger<Handler> log) : IRequestHandler<Command, Guid>
    {
        public async ValueTask<Guid> Handle(Command command, CancellationToken cancellationToken)
        {
            var input = command.Input;
            var managers = await assignments.CheckAsync("Input.ResponsibleManagerId", input.ResponsibleManagerId, "Input.ManagerIds", input.ManagerIds, null, null, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var client = new Client { ResponsibleManagerId = input.ResponsibleManagerId, CreatedAt = now, UpdatedAt = now, CreatedBy = access.Me };
            input.ApplyTo(client);
            client.Managers.AddRange(managers.Select(id => new ClientManager { UserId = id }));

            db.Add(client);
            await db.SaveChangesAsync(cancellationToken);
            if (command.Representative is { IsGiven: true } representative)
            {
                try
                {
                    await contacts.ApplyAsync(new Contact(), representative.ToContact(client.Id, client.ResponsibleManagerId), null, cancellationToken);
                }
                catch (ValidationFailedException invalid)
                {
                    throw new ValidationFailedException(invalid.Errors.ToDictionary(e => e.Key.Replace("Input.", "Representative.", StringComparison.Ordinal), e => e.Value));
                }

                await db.SaveChangesAsync(cancellationToken);
            }

            try
            {
                await announcer.AnnounceAsync(new ClientCreated(client.TenantId, client.Id, access.Me, command.Onboarding));
            }
            catch (OnboardingFailedException failed)
            {
                log.LogWarning(failed, "Onboarding of a new client failed at {Step}; nothing was saved", failed.Step);
                throw new ValidationFailedException("", l["The client was not created, because onboarding could not finish ({0}: {1}). Nothing was saved; change the options or try again.", failed.Step, failed.Message]);
            }

            return client.Id;
        }
    }
}
