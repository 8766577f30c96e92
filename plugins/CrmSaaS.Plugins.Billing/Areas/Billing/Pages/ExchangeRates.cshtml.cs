using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Domain;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages;

/// <summary>The team's exchange-rate table: dated rates by hand or from a CSV file (date, from, to, rate). Invoices lock the rate they used.</summary>
[RequiresPermission(BillingPermissions.Settings)]
public sealed class ExchangeRatesModel(IMediator mediator, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Currency { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public RateInput Input { get; set; } = new();

    public Page<ExchangeRate> Rates { get; private set; } = new([], 1, 1, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input = new RateInput { Day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) };
        await ReloadAsync();
    }

    public async Task ReloadAsync()
    {
        var rates = db.Set<ExchangeRate>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Currency))
        {
            var code = Currency.Trim().ToUpperInvariant();
            rates = rates.Where(r => r.From == code || r.To == code);
        }

        Rates = await rates.OrderByDescending(r => r.Day).ThenBy(r => r.From).ThenBy(r => r.To).ToPageAsync(PageNumber, PageSize, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(new SaveRates([new RateRow(Input.Day, Input.From, Input.To, Input.Rate)], "manual"), cancellationToken);
        TempData["Flash"] = l["Exchange rate saved."].Value;
        return RedirectToPage("/ExchangeRates", new { area = "Billing" });
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            throw new ValidationFailedException("file", l["Choose a CSV file with the columns date, from, to and rate."]);
        }

        if (file.Length > 2 * 1024 * 1024)
        {
            throw new ValidationFailedException("file", l["The file may be at most {0} MB.", 2]);
        }

        var rows = new List<RateRow>();
        using (var reader = new StreamReader(file.OpenReadStream()))
        {
            var line = 0;
            foreach (var cells in CsvFiles.Read(reader))
            {
                line++;
                if (line == 1 && cells.Length > 0 && !char.IsDigit(cells[0].Trim().FirstOrDefault()))
                {
                    continue; // a header row
                }

                if (cells.Length < 4 || !DateOnly.TryParseExact(cells[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    || !decimal.TryParse(cells[3].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate))
                {
                    throw new ValidationFailedException("file", l["Line {0} is not date (YYYY-MM-DD), from, to, rate (with a decimal point).", line]);
                }

                rows.Add(new RateRow(day, cells[1], cells[2], rate));
            }
        }

        var saved = await mediator.Send(new SaveRates(rows, "csv"), cancellationToken);
        TempData["Flash"] = l["{0} exchange rates saved.", saved].Value;
        return RedirectToPage("/ExchangeRates", new { area = "Billing" });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid rateId, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteRate(rateId), cancellationToken);
        TempData["Flash"] = l["Exchange rate deleted. Invoices keep the rate they locked."].Value;
        return RedirectToPage("/ExchangeRates", new { area = "Billing" });
    }

    public sealed class RateInput
    {
        [Required(ErrorMessage = "Enter a date.")]
        public DateOnly Day { get; set; }

        [Required(ErrorMessage = "Choose a currency.")]
        [CurrencyCode]
        public string From { get; set; } = "USD";

        [Required(ErrorMessage = "Choose a currency.")]
        [CurrencyCode]
        public string To { get; set; } = "EUR";

        public decimal Rate { get; set; }
    }

    public sealed record RateRow(DateOnly Day, string From, string To, decimal Rate);

    [RequiresPermission(BillingPermissions.Settings)]
    public sealed record SaveRates(IReadOnlyList<RateRow> Rows, string Source) : IRequest<int>;

    [RequiresPermission(BillingPermissions.Settings)]
    public sealed record DeleteRate(Guid RateId) : IRequest;

    public sealed class Handlers(AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l) : IRequestHandler<SaveRates, int>, IRequestHandler<DeleteRate>
    {
        public const int MaxRows = 10_000;

        public async ValueTask<int> Handle(SaveRates command, CancellationToken cancellationToken)
        {
            if (command.Rows.Count > MaxRows)
            {
                throw new ValidationFailedException("file", l["A file may hold at most {0} rates.", MaxRows]);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var line = 0;
            foreach (var row in command.Rows)
            {
                line++;
                var from = row.From.Trim().ToUpperInvariant();
                var to = row.To.Trim().ToUpperInvariant();
                if (!Currencies.IsKnown(from) || !Currencies.IsKnown(to) || from == to)
                {
                    throw new ValidationFailedException("Input.From", l["Line {0}: choose two different known currency codes.", line]);
                }

                if (row.Rate <= 0 || row.Rate > 1_000_000 || decimal.Round(row.Rate, ExchangeRates.Decimals) != row.Rate)
                {
                    throw new ValidationFailedException("Input.Rate", l["Line {0}: enter a rate above 0 with at most {1} decimals.", line, ExchangeRates.Decimals]);
                }

                var existing = await db.Set<ExchangeRate>().SingleOrDefaultAsync(r => r.From == from && r.To == to && r.Day == row.Day, cancellationToken);
                if (existing is null)
                {
                    db.Add(new ExchangeRate { From = from, To = to, Day = row.Day, Rate = row.Rate, Source = command.Source, CreatedAt = now });
                }
                else
                {
                    existing.Rate = row.Rate;
                    existing.Source = command.Source;
                }

                // Saved as it goes, so a file repeating a day keeps its last rate for it.
                await db.SaveChangesAsync(cancellationToken);
            }

            return command.Rows.Count;
        }

        public async ValueTask<Unit> Handle(DeleteRate command, CancellationToken cancellationToken)
        {
            var rate = await db.Set<ExchangeRate>().SingleOrDefaultAsync(r => r.Id == command.RateId, cancellationToken) ?? throw new NotFoundException("Exchange rate");
            db.Remove(rate);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
