using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Time.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>How a client's time becomes invoice lines.</summary>
public enum LineGrouping
{
    Project = 0,
    Task = 1,
    Member = 2,
    Day = 3,
}

/// <summary>
/// Drafts an invoice from a client's billable time not yet billed, up to a date (Time's contract), one
/// line per project, task, member or day, each line listing the entries it bills. Entries already on
/// another draft are left to it (an entry is on one line at most — a unique index). A draft bills
/// nothing: issuing does (see <see cref="InvoiceIssuing"/>).
/// </summary>
public sealed class InvoiceDrafting(AppDbContext db, IMediator mediator, ICrmDirectory crm, IProjectDirectory projects, ICurrentUser user, TimeProvider clock,
    BillingTerms terms, ExchangeRates rates, Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    /// <summary>
    /// Drafts the client's invoice as its settings say (grouping, VAT rule, payment terms): from its
    /// unbilled time up to <paramref name="upTo"/>, or, with <paramref name="allowEmpty"/>, an empty draft
    /// for manual lines when there is no such time. Null when there is nothing to draft.
    /// </summary>
    /// <param name="runId">The scheduled run drafting it, recorded on the invoice (unique: a run drafts once).</param>
    public async Task<Invoice?> DraftForClientAsync(Guid clientId, DateOnly upTo, bool allowEmpty, CancellationToken cancellationToken, Guid? runId = null)
    {
        var client = await crm.Clients.SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken) ?? throw new NotFoundException("Client");
        var settings = await terms.SettingsAsync(clientId, cancellationToken);
        var profile = await terms.ProfileAsync(cancellationToken);
        if (settings.VatRule == VatRule.ReverseCharge && string.IsNullOrWhiteSpace(client.VatId))
        {
            throw new Kernel.Validation.ValidationFailedException("", l["Reverse charge needs the client's VAT ID. Add it to the client first."]);
        }

        var (vat, note) = BillingTerms.Vat(settings.VatRule, profile, client.DocumentLanguage);
        var invoice = await BuildFromTimeAsync(client, upTo, settings.Grouping, vat, settings.PaymentTermDays, cancellationToken)
            ?? (allowEmpty ? NewInvoice(client, upTo, null, vat, settings.PaymentTermDays) : null);
        if (invoice is null)
        {
            return null;
        }

        invoice.BuyerReference = settings.BuyerReference;
        invoice.VatNote = note;
        invoice.RunId = runId;
        db.Add(invoice);
        await db.SaveChangesAsync(cancellationToken);
        return invoice;
    }

    /// <returns>The draft, or null when the client has no unbilled time up to <paramref name="upTo"/>.</returns>
    public async Task<Invoice?> DraftFromTimeAsync(Guid clientId, DateOnly upTo, LineGrouping grouping, VatTreatment vat, int paymentTermDays, CancellationToken cancellationToken)
    {
        var client = await crm.Clients.SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken) ?? throw new NotFoundException("Client");
        var invoice = await BuildFromTimeAsync(client, upTo, grouping, vat, paymentTermDays, cancellationToken);
        if (invoice is not null)
        {
            db.Add(invoice);
            await db.SaveChangesAsync(cancellationToken);
        }

        return invoice;
    }

    /// <summary>The draft's invoice, lines and entries, not yet added to the context; null when there is no such time.</summary>
    private async Task<Invoice?> BuildFromTimeAsync(ClientView client, DateOnly upTo, LineGrouping grouping, VatTreatment vat, int paymentTermDays, CancellationToken cancellationToken)
    {
        var clientId = client.Id;
        var unbilled = (await mediator.Send(new UnbilledEntriesQuery(clientId, upTo), cancellationToken)).Where(e => e.BillableSeconds > 0).ToList();
        var candidates = unbilled.Select(e => e.Id).ToList();
        // Unbilled entries already on another draft stay with it.
        var reserved = (await db.Set<InvoiceLineEntry>().Where(x => x.ReleasedAt == null && candidates.Contains(x.TimeEntryId)).Select(x => x.TimeEntryId).ToListAsync(cancellationToken)).ToHashSet();
        var entries = unbilled.Where(e => !reserved.Contains(e.Id)).ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        // Time priced in another currency is converted with the team's rate for the invoice's date, and the rate locked on the invoice.
        var foreign = entries.Where(e => e.Currency is not null && e.Currency != client.Currency).Select(e => e.Currency!).Distinct().Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 1)
        {
            throw new Kernel.Validation.ValidationFailedException("", l["Some time is priced in {0}; one invoice converts from one other currency at most. Invoice it up to an earlier date or reprice it.", string.Join(", ", foreign)]);
        }

        FoundRate? fx = null;
        if (foreign.Count == 1)
        {
            fx = await rates.FindAsync(foreign[0], client.Currency, upTo, cancellationToken)
                ?? throw new Kernel.Validation.ValidationFailedException("", l["Some time is priced in {0}, but there is no exchange rate from {0} to {1} on or before {2}. Add one under Exchange rates.", foreign[0], client.Currency, upTo.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]);
        }

        long Amount(UnbilledEntry e) => fx is not null && e.Currency == fx.From ? fx.Convert(e.AmountMinor) : e.AmountMinor;

        var projectNames = await projects.Projects.Where(p => p.ClientId == clientId).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var taskIds = entries.Where(e => e.TaskId is not null).Select(e => e.TaskId!.Value).Distinct().ToList();
        var taskNames = await projects.Tasks.Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, cancellationToken);
        var userIds = entries.Select(e => e.UserId).Distinct().ToList();
        var memberNames = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        var invoice = NewInvoice(client, upTo, entries.Min(e => e.Date), vat, paymentTermDays);
        if (fx is not null)
        {
            (invoice.FxFrom, invoice.FxRate, invoice.FxDate, invoice.FxSource) = (fx.From, fx.Rate, fx.Day, fx.Source);
        }

        var groups = entries.GroupBy(e => grouping switch
        {
            LineGrouping.Task => (e.ProjectId, Key: (object?)e.TaskId),
            LineGrouping.Member => (e.ProjectId, Key: e.UserId),
            LineGrouping.Day => (e.ProjectId, Key: e.Date),
            _ => (e.ProjectId, Key: (object?)null),
        });
        var position = 0;
        foreach (var group in groups.OrderBy(g => projectNames.GetValueOrDefault(g.Key.ProjectId, ""), StringComparer.CurrentCulture).ThenBy(g => g.Min(e => e.Date)))
        {
            var project = projectNames.GetValueOrDefault(group.Key.ProjectId, "");
            var detail = group.Key.Key switch
            {
                Guid task when grouping == LineGrouping.Task => taskNames.GetValueOrDefault(task),
                Guid member when grouping == LineGrouping.Member => memberNames.GetValueOrDefault(member),
                DateOnly day => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            var seconds = group.Sum(e => (long)e.BillableSeconds);
            var hours = Math.Round(seconds / 3600m, 2, MidpointRounding.AwayFromZero);
            var net = group.Sum(Amount);
            var line = new InvoiceLine
            {
                InvoiceId = invoice.Id,
                Position = ++position,
                Kind = LineKind.Time,
                Description = Shorten(detail is null ? project : $"{project}: {detail}"),
                Quantity = hours,
                // The line's amount is the exact sum of its entries; the unit price shown is derived from it.
                UnitPrice = hours == 0 ? 0 : Math.Round(net / (decimal)Kernel.Common.Currencies.Factor(invoice.Currency) / hours, 4, MidpointRounding.AwayFromZero),
                NetMinor = net,
                VatCategory = vat.Category,
                VatRate = vat.Rate,
                ProjectId = group.Key.ProjectId,
            };
            line.Entries.AddRange(group.Select(e => new InvoiceLineEntry
            {
                InvoiceId = invoice.Id,
                InvoiceLineId = line.Id,
                TimeEntryId = e.Id,
                Date = e.Date,
                UserId = e.UserId,
                BillableSeconds = e.BillableSeconds,
                Rate = e.Rate,
                RateCurrency = e.Currency,
                AmountMinor = Amount(e),
            }));
            invoice.Lines.Add(line);
        }

        Recompute(invoice);
        return invoice;
    }

    private Invoice NewInvoice(ClientView client, DateOnly upTo, DateOnly? from, VatTreatment vat, int paymentTermDays) => new()
    {
        Kind = DocumentKind.Invoice,
        ClientId = client.Id,
        Status = InvoiceStatus.Draft,
        Currency = client.Currency,
        Language = client.DocumentLanguage,
        PeriodFrom = from,
        PeriodTo = upTo,
        PaymentTermDays = paymentTermDays,
        BuyerName = client.Name,
        BuyerAddress = client.BillingAddress,
        BuyerCountry = client.Country,
        BuyerVatId = client.VatId,
        VatCategory = vat.Category,
        VatRate = vat.Rate,
        CreatedBy = user.UserId,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>Recomputes a draft's totals from its lines (each line's net already in minor units).</summary>
    public static void Recompute(Invoice invoice) =>
        Apply(invoice, InvoiceTotals.Compute(invoice.Currency, invoice.Lines.Select(l => new TotalsLine(l.NetMinor, l.VatCategory, l.VatRate))));

    public static void Apply(Invoice invoice, InvoiceTotals totals)
    {
        invoice.NetMinor = totals.NetMinor;
        invoice.VatMinor = totals.VatMinor;
        invoice.GrossMinor = totals.GrossMinor;
    }

    private static string Shorten(string text) => text.Length <= InvoiceLimits.Description ? text : text[..InvoiceLimits.Description];
}

/// <summary>The VAT a line carries: EN 16931 category code and rate.</summary>
public sealed record VatTreatment(string Category, decimal Rate)
{
    public static readonly VatTreatment GermanStandard = new("S", 19m);
}
