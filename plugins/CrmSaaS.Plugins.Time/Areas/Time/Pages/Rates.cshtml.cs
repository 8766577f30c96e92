using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time.Areas.Time.Pages;

/// <summary>
/// Rate cards. A new rate applies from its date; entries already saved keep their snapshot until
/// someone reprices unbilled entries from a date on purpose (each repriced entry is audited).
/// </summary>
[RequiresPermission(TimePermissions.Rates)]
public sealed class RatesModel(IMediator mediator, AppDbContext db, ICrmDirectory crm, IProjectDirectory projects, TeamMembers members, IStringLocalizer<SharedResource> l, ICurrentUser user, TimeProvider clock) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty]
    public RateInput Input { get; set; } = new();

    public IReadOnlyList<Row> Rates { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Clients { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Projects { get; private set; } = [];
    public bool CanManage => user.Has(TimePermissions.RatesManage);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input.EffectiveFrom = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new AddRate(Input), cancellationToken);
        TempData["Flash"] = l["The rate applies from {0}. Entries saved before keep their rate.", Input.EffectiveFrom.ToString("d")].Value;
        return Redirect("/time/rates");
    }

    public async Task<IActionResult> OnPostRepriceAsync(DateOnly from, Guid? clientId, CancellationToken cancellationToken)
    {
        var count = await mediator.Send(new Reprice(from, clientId), cancellationToken);
        TempData["Flash"] = l["{0} unbilled entries were priced again with the rates effective on their days.", count].Value;
        return Redirect("/time/rates");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Members = await members.ListAsync(cancellationToken);
        Clients = (await crm.Clients.OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken)).Select(c => (c.Id, c.Name)).ToList();
        Projects = (await projects.Projects.Where(p => p.Status != ProjectStatus.Archived).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken)).Select(p => (p.Id, p.Name)).ToList();
        var names = Members.Concat(Clients).Concat(Projects).ToDictionary(x => x.Id, x => x.Name);
        Rates = (await db.Set<Rate>().AsNoTracking().OrderBy(r => r.Level).ThenByDescending(r => r.EffectiveFrom).ToListAsync(cancellationToken))
            .Select(r => new Row(r.Level, string.Join(" · ", new[] { r.UserId, r.ProjectId, r.ClientId }.Where(id => id is not null).Select(id => names.GetValueOrDefault(id!.Value, "–"))),
                r.Amount, r.Currency, r.EffectiveFrom))
            .ToList();
    }

    public Task ReloadAsync() => LoadAsync(HttpContext.RequestAborted);

    public sealed record Row(RateLevel Level, string AppliesTo, decimal Amount, string Currency, DateOnly EffectiveFrom);

    public sealed class RateInput
    {
        public RateLevel Level { get; set; } = RateLevel.Client;
        public Guid? UserId { get; set; }
        public Guid? ProjectId { get; set; }
        public Guid? ClientId { get; set; }
        public decimal Amount { get; set; }
        public DateOnly EffectiveFrom { get; set; }
    }

    public static string LevelLabel(RateLevel level) => level switch
    {
        RateLevel.MemberOnProject => "Member on a project",
        RateLevel.Project => "Project",
        RateLevel.Client => "Client",
        RateLevel.MemberDefault => "Member default",
        _ => "Team default",
    };

    [RequiresPermission(TimePermissions.RatesManage)]
    public sealed record AddRate(RateInput Input) : IRequest;

    [RequiresPermission(TimePermissions.RatesManage)]
    public sealed record Reprice(DateOnly From, Guid? ClientId) : IRequest<int>;

    public sealed class Handlers(AppDbContext db, ICrmDirectory crm, IProjectDirectory projects, TimeLedger ledger, ITenantContext tenant, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IRequestHandler<AddRate>, IRequestHandler<Reprice, int>
    {
        public async ValueTask<Unit> Handle(AddRate command, CancellationToken cancellationToken)
        {
            var input = command.Input;
            if (input.Amount is <= 0 or > 100000)
            {
                throw new ValidationFailedException("Input.Amount", l["Enter a rate between {0} and {1}.", "0.01", "100000"]);
            }

            var rate = new Rate { Level = input.Level, Amount = Math.Round(input.Amount, Rate.Decimals, MidpointRounding.AwayFromZero), EffectiveFrom = input.EffectiveFrom, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = user.RequireUserId() };
            string? currency = null;
            if (input.Level is RateLevel.MemberOnProject or RateLevel.MemberDefault)
            {
                rate.UserId = await db.Memberships.Where(m => m.UserId == input.UserId).Select(m => (Guid?)m.UserId).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new ValidationFailedException("Input.UserId", l["Choose a member of the team."]);
            }

            if (input.Level is RateLevel.MemberOnProject or RateLevel.Project)
            {
                var project = await projects.Projects.Where(p => p.Id == input.ProjectId).Select(p => new { p.Id, p.Currency }).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new ValidationFailedException("Input.ProjectId", l["Choose a project."]);
                rate.ProjectId = project.Id;
                currency = project.Currency;
            }

            if (input.Level == RateLevel.Client)
            {
                var client = await crm.Clients.Where(c => c.Id == input.ClientId).Select(c => new { c.Id, c.Currency }).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new ValidationFailedException("Input.ClientId", l["Choose the client."]);
                rate.ClientId = client.Id;
                currency = client.Currency;
            }

            // Client-bound rates are in the client's currency; member and team defaults in the team's.
            rate.Currency = currency ?? tenant.Tenant!.Currency;
            if (!Enum.IsDefined(input.Level))
            {
                throw new ValidationFailedException("Input.Level", l["Choose from the lists."]);
            }

            db.Add(rate);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<int> Handle(Reprice command, CancellationToken cancellationToken)
        {
            if (command.ClientId is { } client && !await crm.Clients.AnyAsync(c => c.Id == client, cancellationToken))
            {
                throw new NotFoundException("Client");
            }

            var ids = await db.Set<TimeEntry>().Where(e => e.InvoiceId == null && e.LocalDate >= command.From && (command.ClientId == null || e.ClientId == command.ClientId))
                .Select(e => e.Id).ToListAsync(cancellationToken);
            foreach (var id in ids)
            {
                var entry = await db.Set<TimeEntry>().SingleAsync(e => e.Id == id, cancellationToken);
                await ledger.UpdateAsync(entry, _ => { }, cancellationToken);
            }

            return ids.Count;
        }
    }
}
