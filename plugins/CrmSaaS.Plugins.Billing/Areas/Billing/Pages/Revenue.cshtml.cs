using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages;

/// <summary>Revenue and profitability per month, client and project in the team's currency, as charts and the same numbers as tables, with CSV.</summary>
[RequiresPermission(BillingPermissions.Read)]
public sealed class RevenueModel(RevenueReports reports, BillingTerms terms, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>The first month, "yyyy-MM"; twelve months back unless chosen.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>The last month, "yyyy-MM"; this month unless chosen.</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public RevenueReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = await terms.TodayAsync(cancellationToken);
        var period = RevenueDownloads.Period(From, To, today);
        if (period is null)
        {
            ModelState.AddModelError(nameof(To), l["Choose months as YYYY-MM, the first before the last, at most ten years apart."]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            period = RevenueDownloads.Period(null, null, today);
        }

        Report = await reports.ForAsync(period!.Value.From, period.Value.To, cancellationToken);
        From = Report.From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        To = Report.To.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
    }
}
