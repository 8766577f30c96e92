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

namespace CrmSaaS.Plugins.Time.Areas.Time.Pages;

/// <summary>The team's week start and rounding rule, and each member's time zone, weekly capacity and cost rate.</summary>
[RequiresPermission(TimePermissions.Settings)]
public sealed class SettingsModel(IMediator mediator, AppDbContext db, TeamMembers members, TimeLedger ledger, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public TeamInput Team { get; set; } = new();

    public IReadOnlyList<MemberRow> Members { get; private set; } = [];


    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var settings = await ledger.SettingsAsync(cancellationToken);
        Team = new TeamInput { FirstDayOfWeek = settings.FirstDayOfWeek, Rounding = settings.Rounding, RoundingMinutes = settings.RoundingMinutes };
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new SaveTeam(Team), cancellationToken);
        TempData["Flash"] = l["Time settings saved."].Value;
        return Redirect("/time/settings");
    }

    public async Task<IActionResult> OnPostMemberAsync(Guid userId, decimal capacity, decimal? costRate, CancellationToken cancellationToken)
    {
        await mediator.Send(new SaveMember(userId, capacity, costRate), cancellationToken);
        TempData["Flash"] = l["Time settings saved."].Value;
        return Redirect("/time/settings");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var profiles = await db.Set<MemberTimeProfile>().AsNoTracking().ToListAsync(cancellationToken);
        Members = (await members.ListAsync(cancellationToken))
            .Select(m => profiles.FirstOrDefault(p => p.UserId == m.Id) is { } p
                ? new MemberRow(m.Id, m.Name, p.WeeklyCapacityHours, p.CostRate, p.CostCurrency)
                : new MemberRow(m.Id, m.Name, 40, null, "EUR"))
            .ToList();
    }

    public sealed record MemberRow(Guid UserId, string Name, decimal Capacity, decimal? CostRate, string CostCurrency);

    public sealed class TeamInput
    {
        public DayOfWeek FirstDayOfWeek { get; set; } = DayOfWeek.Monday;
        public RoundingMode Rounding { get; set; }
        public int RoundingMinutes { get; set; } = 15;
    }

    [RequiresPermission(TimePermissions.Settings)]
    public sealed record SaveTeam(TeamInput Input) : IRequest;

    [RequiresPermission(TimePermissions.Settings)]
    public sealed record SaveMember(Guid UserId, decimal Capacity, decimal? CostRate) : IRequest;

    public sealed class Handlers(AppDbContext db, ITenantContext tenant, IStringLocalizer<SharedResource> l) : IRequestHandler<SaveTeam>, IRequestHandler<SaveMember>
    {
        public async ValueTask<Unit> Handle(SaveTeam command, CancellationToken cancellationToken)
        {
            var input = command.Input;
            if (!TimeSettings.RoundingSteps.Contains(input.RoundingMinutes))
            {
                throw new ValidationFailedException("Team.RoundingMinutes", l["Round to 1, 5, 6, 10, 15 or 30 minutes."]);
            }

            if (!Enum.IsDefined(input.FirstDayOfWeek) || !Enum.IsDefined(input.Rounding))
            {
                throw new ValidationFailedException("", l["Choose from the lists."]);
            }

            var settings = await db.Set<TimeSettings>().SingleOrDefaultAsync(cancellationToken);
            if (settings is null)
            {
                settings = new TimeSettings();
                db.Add(settings);
            }

            settings.FirstDayOfWeek = input.FirstDayOfWeek;
            settings.Rounding = input.Rounding;
            settings.RoundingMinutes = input.RoundingMinutes;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(SaveMember command, CancellationToken cancellationToken)
        {
            if (!await db.Memberships.AnyAsync(m => m.UserId == command.UserId, cancellationToken))
            {
                throw new NotFoundException("Member");
            }

            if (command.Capacity is < 0 or > 168 || command.CostRate is < 0 or > 100000)
            {
                throw new ValidationFailedException("capacity", l["Enter a weekly capacity between 0 and 168 hours and a cost rate of at least 0."]);
            }

            var profile = await db.Set<MemberTimeProfile>().SingleOrDefaultAsync(p => p.UserId == command.UserId, cancellationToken);
            if (profile is null)
            {
                profile = new MemberTimeProfile { UserId = command.UserId };
                db.Add(profile);
            }

            profile.WeeklyCapacityHours = command.Capacity;
            profile.CostRate = command.CostRate is { } cost ? Math.Round(cost, Rate.Decimals, MidpointRounding.AwayFromZero) : null;
            profile.CostCurrency = tenant.Tenant!.Currency;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
