using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages;

/// <summary>
/// Payment reminders: the team's dunning levels (days after the due date, fee, text per language),
/// the reminders sent lately, and sending the day's due reminders at once.
/// </summary>
[RequiresPermission(BillingPermissions.Read)]
public sealed class RemindersModel(IMediator mediator, Reminders reminders, AppDbContext db, ITenantContext tenant, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    public const int Recent = 50;

    /// <summary>The level being changed, when one is.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Edit { get; set; }

    [BindProperty]
    public LevelInput Input { get; set; } = new();

    public IReadOnlyList<DunningLevel> Levels { get; private set; } = [];

    public IReadOnlyList<SentRow> Sent { get; private set; } = [];

    public string TeamCurrency => tenant.Tenant?.Currency ?? "EUR";

    public sealed record SentRow(Guid InvoiceId, string Number, string Client, int Level, DateOnly SentOn, Money Open, Money Fee, string? SentTo);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync();
        if (Levels.FirstOrDefault(x => x.Id == Edit) is { } level)
        {
            Input = new LevelInput
            {
                DaysAfterDue = level.DaysAfterDue, Fee = level.Fee, SubjectEn = level.SubjectEn, BodyEn = level.BodyEn, SubjectDe = level.SubjectDe, BodyDe = level.BodyDe,
            };
        }
        else
        {
            Edit = null;
            Input = new LevelInput { DaysAfterDue = Levels.Count == 0 ? 7 : Levels[^1].DaysAfterDue + 14 };
        }
    }

    public async Task ReloadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Levels = await db.Set<DunningLevel>().AsNoTracking().OrderBy(x => x.DaysAfterDue).ToListAsync(ct);
        Sent = (await db.Set<InvoiceReminder>().AsNoTracking()
                .Join(db.Set<Invoice>(), r => r.InvoiceId, i => i.Id, (r, i) => new { r, i.Number, i.BuyerName, i.Currency })
                .OrderByDescending(x => x.r.SentOn).ThenByDescending(x => x.r.CreatedAt).Take(Recent).ToListAsync(ct))
            .Select(x => new SentRow(x.r.InvoiceId, x.Number ?? "", x.BuyerName, x.r.Level, x.r.SentOn, new Money(x.r.OpenMinor, x.Currency), new Money(x.r.FeeMinor, x.Currency), x.r.SentTo))
            .ToList();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(new SaveLevel(null, Input), cancellationToken);
        TempData["Flash"] = l["Reminder level saved."].Value;
        return RedirectToPage("/Reminders", new { area = "Billing" });
    }

    public async Task<IActionResult> OnPostUpdateAsync(Guid levelId, CancellationToken cancellationToken)
    {
        Edit = levelId;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(new SaveLevel(levelId, Input), cancellationToken);
        TempData["Flash"] = l["Reminder level saved."].Value;
        return RedirectToPage("/Reminders", new { area = "Billing" });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid levelId, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteLevel(levelId), cancellationToken);
        TempData["Flash"] = l["Reminder level deleted. Reminders already sent stay as they are."].Value;
        return RedirectToPage("/Reminders", new { area = "Billing" });
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken cancellationToken)
    {
        var outcomes = await reminders.RunNowAsync(cancellationToken);
        TempData["Flash"] = l["{0} reminders sent.", outcomes.Count(o => o.Level is not null)].Value;
        return RedirectToPage("/Reminders", new { area = "Billing" });
    }

    public sealed class LevelInput
    {
        [Range(1, 365, ErrorMessage = "Enter 1 to 365 days.")]
        public int DaysAfterDue { get; set; } = 7;

        [Range(typeof(decimal), "0", "10000", ErrorMessage = "Enter a fee from 0 to 10,000.")]
        public decimal? Fee { get; set; }

        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        public string? SubjectEn { get; set; }

        [StringLength(BillingProfileLimits.EmailBody, ErrorMessage = "Use at most {1} characters.")]
        public string? BodyEn { get; set; }

        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        public string? SubjectDe { get; set; }

        [StringLength(BillingProfileLimits.EmailBody, ErrorMessage = "Use at most {1} characters.")]
        public string? BodyDe { get; set; }
    }

    [RequiresPermission(BillingPermissions.Settings)]
    public sealed record SaveLevel(Guid? Id, LevelInput Input) : IRequest;

    [RequiresPermission(BillingPermissions.Settings)]
    public sealed record DeleteLevel(Guid Id) : IRequest;

    public sealed class Handler(AppDbContext db, ITenantContext tenant, IStringLocalizer<SharedResource> l) : IRequestHandler<SaveLevel>, IRequestHandler<DeleteLevel>
    {
        public async ValueTask<Unit> Handle(SaveLevel command, CancellationToken cancellationToken)
        {
            var input = command.Input;
            var levels = await db.Set<DunningLevel>().ToListAsync(cancellationToken);
            var level = command.Id is { } id ? levels.SingleOrDefault(x => x.Id == id) ?? throw new NotFoundException("Reminder level") : null;
            if (level is null && levels.Count >= Reminders.MaxLevels)
            {
                throw new ValidationFailedException("Input.DaysAfterDue", l["A team has at most {0} reminder levels.", Reminders.MaxLevels]);
            }

            if (levels.Any(x => x != level && x.DaysAfterDue == input.DaysAfterDue))
            {
                throw new ValidationFailedException("Input.DaysAfterDue", l["Another level is sent {0} days after the due date already.", input.DaysAfterDue]);
            }

            var currency = tenant.Tenant?.Currency ?? "EUR";
            if (input.Fee is { } fee && decimal.Round(fee * Currencies.Factor(currency)) != fee * Currencies.Factor(currency))
            {
                throw new ValidationFailedException("Input.Fee", l["Enter an amount above 0 in {0} with at most {1} decimals.", currency, Currencies.Exponent(currency)]);
            }

            if (level is null)
            {
                level = new DunningLevel();
                db.Add(level);
                levels.Add(level);
            }

            level.DaysAfterDue = input.DaysAfterDue;
            level.Fee = input.Fee is > 0m ? input.Fee : null;
            level.SubjectEn = Text(input.SubjectEn);
            level.BodyEn = Text(input.BodyEn);
            level.SubjectDe = Text(input.SubjectDe);
            level.BodyDe = Text(input.BodyDe);
            Renumber(levels);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(DeleteLevel command, CancellationToken cancellationToken)
        {
            var levels = await db.Set<DunningLevel>().ToListAsync(cancellationToken);
            var level = levels.SingleOrDefault(x => x.Id == command.Id) ?? throw new NotFoundException("Reminder level");
            db.Remove(level);
            levels.Remove(level);
            Renumber(levels);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        /// <summary>Levels are numbered in the order they come after the due date.</summary>
        private static void Renumber(List<DunningLevel> levels)
        {
            var number = 1;
            foreach (var level in levels.OrderBy(x => x.DaysAfterDue))
            {
                level.Level = number++;
            }
        }

        private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
