using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Time.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// Corrections of issued invoices, only ever by a numbered credit note (its own range) that refers to
/// the invoice: for all that is left of it (a cancellation, optionally releasing its time for billing
/// again — an explicit, audited choice) or for chosen amounts of chosen lines. The credit note is
/// issued at once, documents included; the invoice itself never changes, only its balance and state.
/// </summary>
public sealed class Corrections(AppDbContext db, InvoiceBalances balances, InvoiceIssuing issuing, BillingTerms terms, IMediator mediator, ICurrentUser user,
    TimeProvider clock, IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    /// <summary>What each line of the invoice can still be credited: its net less what credit notes already took.</summary>
    public async Task<IReadOnlyDictionary<Guid, long>> CreditableAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        var lines = await db.Set<InvoiceLine>().AsNoTracking().Where(l => l.InvoiceId == invoiceId).ToListAsync(cancellationToken);
        var credited = await CreditedPerLineAsync(invoiceId, cancellationToken);
        return lines.ToDictionary(x => x.Id, x => x.NetMinor - credited.GetValueOrDefault(x.Id));
    }

    /// <summary>Cancels what is left of the invoice with one credit note.</summary>
    public async Task<Invoice> CancelAsync(Guid invoiceId, bool releaseTime, CancellationToken cancellationToken)
    {
        var invoice = await balances.HoldAsync(invoiceId, cancellationToken);
        if (invoice.Status == InvoiceStatus.Cancelled)
        {
            throw new ValidationFailedException("", l["This invoice is cancelled already."]);
        }

        if (invoice.PaidMinor > 0)
        {
            throw new ValidationFailedException("", l["Payments were recorded for this invoice; delete them or credit chosen amounts instead."]);
        }

        var credited = await CreditedPerLineAsync(invoiceId, cancellationToken);
        var lines = invoice.Lines.OrderBy(x => x.Position).Select(x => (Line: x, Left: x.NetMinor - credited.GetValueOrDefault(x.Id))).Where(x => x.Left != 0).ToList();
        var note = await CreateAsync(invoice, lines.Select(x => x.Left == x.Line.NetMinor
            ? Copy(x.Line)
            : Credit(x.Line, x.Left, invoice)).ToList(), releaseTime, cancellationToken);

        if (releaseTime)
        {
            var entries = await db.Set<InvoiceLineEntry>().Where(e => e.InvoiceId == invoiceId && e.ReleasedAt == null).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            entries.ForEach(e => e.ReleasedAt = now);
            await db.SaveChangesAsync(cancellationToken);
            await mediator.Send(new ReleaseBilledEntries(invoiceId, entries.Select(e => e.TimeEntryId).ToList()), cancellationToken);
        }

        await balances.SettleAsync(invoice, cancellationToken);
        return note;
    }

    /// <summary>Credits chosen amounts (in minor units, net) of chosen lines; each at most what is left of its line.</summary>
    public async Task<Invoice> CreditAsync(Guid invoiceId, IReadOnlyDictionary<Guid, long> amounts, CancellationToken cancellationToken)
    {
        var invoice = await balances.HoldAsync(invoiceId, cancellationToken);
        if (invoice.Status == InvoiceStatus.Cancelled)
        {
            throw new ValidationFailedException("", l["This invoice is cancelled already."]);
        }

        var chosen = amounts.Where(a => a.Value != 0).ToList();
        if (chosen.Count == 0)
        {
            throw new ValidationFailedException("", l["Enter the amount to credit for at least one line."]);
        }

        var credited = await CreditedPerLineAsync(invoiceId, cancellationToken);
        var lines = new List<InvoiceLine>();
        foreach (var (lineId, amount) in chosen)
        {
            var line = invoice.Lines.SingleOrDefault(x => x.Id == lineId) ?? throw new NotFoundException("Line");
            var left = line.NetMinor - credited.GetValueOrDefault(line.Id);
            if (amount < 0 || line.NetMinor < 0 || amount > left)
            {
                throw new ValidationFailedException("", l["Line {0} can be credited at most {1}.", line.Position, new Kernel.Common.Money(Math.Max(0, left), invoice.Currency).Format()]);
            }

            lines.Add(Credit(line, amount, invoice));
        }

        var note = await CreateAsync(invoice, lines, releaseTime: false, cancellationToken);
        await balances.SettleAsync(invoice, cancellationToken);
        return note;
    }

    private async Task<Invoice> CreateAsync(Invoice invoice, List<InvoiceLine> lines, bool releaseTime, CancellationToken cancellationToken)
    {
        var note = new Invoice
        {
            Kind = DocumentKind.CreditNote,
            ClientId = invoice.ClientId,
            Status = InvoiceStatus.Draft,
            Currency = invoice.Currency,
            Language = invoice.Language,
            PeriodFrom = invoice.PeriodFrom,
            PeriodTo = invoice.PeriodTo,
            PaymentTermDays = 0,
            BuyerName = invoice.BuyerName,
            BuyerAddress = invoice.BuyerAddress,
            BuyerCountry = invoice.BuyerCountry,
            BuyerVatId = invoice.BuyerVatId,
            BuyerReference = invoice.BuyerReference,
            VatNote = invoice.VatNote,
            VatCategory = invoice.VatCategory,
            VatRate = invoice.VatRate,
            CorrectsInvoiceId = invoice.Id,
            ReleasedTime = releaseTime,
            CreatedBy = user.UserId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var position = 0;
        foreach (var line in lines)
        {
            line.InvoiceId = note.Id;
            line.Position = ++position;
            note.Lines.Add(line);
        }

        InvoiceDrafting.Recompute(note);
        db.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        await issuing.IssueAsync(note.Id, await terms.TodayAsync(cancellationToken), cancellationToken);
        return note;
    }

    private static InvoiceLine Copy(InvoiceLine line) => new()
    {
        Kind = line.Kind, Description = line.Description, Quantity = line.Quantity, UnitPrice = line.UnitPrice, NetMinor = line.NetMinor,
        VatCategory = line.VatCategory, VatRate = line.VatRate, ProjectId = line.ProjectId, CreditsLineId = line.Id,
    };

    /// <summary>A line crediting part of another, worded in the invoice's language: one piece at the amount.</summary>
    private static InvoiceLine Credit(InvoiceLine line, long amount, Invoice invoice) => new()
    {
        Kind = LineKind.Fee,
        Description = Shorten(Documents.DocumentTexts.For(invoice.Language).CreditFor(line.Position, line.Description)),
        Quantity = 1,
        UnitPrice = amount / (decimal)Kernel.Common.Currencies.Factor(invoice.Currency),
        NetMinor = amount,
        VatCategory = line.VatCategory, VatRate = line.VatRate, ProjectId = line.ProjectId, CreditsLineId = line.Id,
    };

    private static string Shorten(string text) => text.Length <= InvoiceLimits.Description ? text : text[..InvoiceLimits.Description];

    private async Task<Dictionary<Guid, long>> CreditedPerLineAsync(Guid invoiceId, CancellationToken cancellationToken) =>
        await db.Set<InvoiceLine>().AsNoTracking()
            .Where(x => x.CreditsLineId != null && db.Set<Invoice>().Any(c => c.Id == x.InvoiceId && c.CorrectsInvoiceId == invoiceId && c.Number != null))
            .GroupBy(x => x.CreditsLineId!.Value).Select(g => new { g.Key, Sum = g.Sum(x => x.NetMinor) })
            .ToDictionaryAsync(g => g.Key, g => g.Sum, cancellationToken);
}
