using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// Changes to a draft: manual lines (fees, expenses, discounts), removing lines (their time goes back
/// to unbilled), payment terms, deleting the draft. Each change first takes the draft's row with a
/// conditional update from Draft, so it waits for an issue under way and is refused once the invoice
/// is issued: nothing is ever added to an issued invoice.
/// </summary>
public sealed class DraftEditing(AppDbContext db, IUnitOfWork unitOfWork, IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    public async Task AddLineAsync(Guid invoiceId, LineKind kind, string description, decimal quantity, decimal unitPrice, CancellationToken cancellationToken)
    {
        var invoice = await ClaimAsync(invoiceId, cancellationToken);
        if (kind == LineKind.Time || !Enum.IsDefined(kind))
        {
            throw new ValidationFailedException("Line.Kind", l["Choose a fee, an expense or a discount."]);
        }

        description = description.Trim();
        if (description.Length is 0 or > InvoiceLimits.Description)
        {
            throw new ValidationFailedException("Line.Description", l["Describe the line in 1 to {0} characters.", InvoiceLimits.Description]);
        }

        if (quantity <= 0 || quantity > 1_000_000 || decimal.Round(quantity, 4) != quantity)
        {
            throw new ValidationFailedException("Line.Quantity", l["Enter a quantity above 0 with at most 4 decimals."]);
        }

        if (unitPrice < 0 || unitPrice > InvoiceLimits.MaxAmount || decimal.Round(unitPrice, 4) != unitPrice)
        {
            throw new ValidationFailedException("Line.UnitPrice", l["Enter a price of at least 0 with at most 4 decimals."]);
        }

        if (invoice.Lines.Count >= InvoiceLimits.Lines)
        {
            throw new ValidationFailedException("", l["An invoice has at most {0} lines.", InvoiceLimits.Lines]);
        }

        // A discount is a negative quantity at a positive price (EN 16931 allows no negative price).
        var signed = kind == LineKind.Discount ? -quantity : quantity;
        var net = InvoiceTotals.LineNet(signed, unitPrice, invoice.Currency);
        if (Math.Abs(invoice.NetMinor + net) > InvoiceLimits.MaxAmount * Kernel.Common.Currencies.Factor(invoice.Currency))
        {
            throw new ValidationFailedException("Line.UnitPrice", l["This amount is too large for an invoice."]);
        }

        // Added explicitly: a new entity with its key already set would otherwise be taken for an existing one.
        var line = new InvoiceLine
        {
            InvoiceId = invoice.Id,
            Position = invoice.Lines.Count == 0 ? 1 : invoice.Lines.Max(x => x.Position) + 1,
            Kind = kind,
            Description = description,
            Quantity = signed,
            UnitPrice = unitPrice,
            NetMinor = net,
            VatCategory = invoice.VatCategory,
            VatRate = invoice.VatRate,
        };
        db.Add(line);
        invoice.Lines.Add(line);
        InvoiceDrafting.Recompute(invoice);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Removes a line; time it billed becomes unbilled again (its reservation rows go with it).</summary>
    public async Task RemoveLineAsync(Guid invoiceId, Guid lineId, CancellationToken cancellationToken)
    {
        var invoice = await ClaimAsync(invoiceId, cancellationToken);
        var line = invoice.Lines.SingleOrDefault(x => x.Id == lineId) ?? throw new NotFoundException("Line");
        invoice.Lines.Remove(line);
        db.Remove(line);
        InvoiceDrafting.Recompute(invoice);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SetTermsAsync(Guid invoiceId, int paymentTermDays, CancellationToken cancellationToken)
    {
        var invoice = await ClaimAsync(invoiceId, cancellationToken);
        if (paymentTermDays is < 0 or > 365)
        {
            throw new ValidationFailedException("Terms.PaymentTermDays", l["Enter 0 to 365 days."]);
        }

        invoice.PaymentTermDays = paymentTermDays;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        var invoice = await ClaimAsync(invoiceId, cancellationToken);
        db.Remove(invoice);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Invoice> ClaimAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureOpen("Changing a draft");
        var held = await db.Set<Invoice>().Where(i => i.Id == invoiceId && i.Status == InvoiceStatus.Draft)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.PaymentTermDays, i => i.PaymentTermDays), cancellationToken);
        if (held != 1)
        {
            _ = await db.Set<Invoice>().AnyAsync(i => i.Id == invoiceId, cancellationToken) ? 0 : throw new NotFoundException("Invoice");
            throw new ValidationFailedException("", l["Only drafts can be changed; this invoice is issued."]);
        }

        return await db.Set<Invoice>().Include(i => i.Lines.OrderBy(x => x.Position)).SingleAsync(i => i.Id == invoiceId, cancellationToken);
    }
}
