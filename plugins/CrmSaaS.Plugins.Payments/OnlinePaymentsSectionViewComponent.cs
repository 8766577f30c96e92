using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Payments.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Payments;

/// <summary>An invoice's online payments on its page: each try to pay, each provider payment with fee and refunds, and what the team pays through now.</summary>
public sealed record OnlinePaymentsSummary(Guid InvoiceId, IReadOnlyList<PaymentAttempt> Attempts, IReadOnlyList<ProviderPayment> Payments, IReadOnlyList<RefundRequest> Refunds,
    IReadOnlyDictionary<PaymentProvider, bool> Ready);

[ActsAs("online payments section", OnlinePaymentPermissions.Record)]
public sealed class OnlinePaymentsSectionViewComponent(AppDbContext db, IMediator mediator, ProviderAccounts accounts) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid entityId)
    {
        var ct = HttpContext.RequestAborted;
        IReadOnlyList<ProviderPayment> payments;
        using (SystemActor.Begin(typeof(OnlinePaymentsSectionViewComponent)))
        {
            payments = await mediator.Send(new ProviderPaymentsQuery(entityId), ct);
        }

        var attempts = await db.Set<PaymentAttempt>().AsNoTracking().Where(a => a.InvoiceId == entityId).OrderByDescending(a => a.CreatedAt).Take(20).ToListAsync(ct);
        var refunds = await db.Set<RefundRequest>().AsNoTracking().Where(r => r.InvoiceId == entityId).OrderByDescending(r => r.RequestedAt).ToListAsync(ct);
        return View("~/Areas/Payments/Pages/Shared/Components/OnlinePaymentsSection.cshtml",
            new OnlinePaymentsSummary(entityId, attempts, payments, refunds, await accounts.ReadyAsync(ct)));
    }
}
