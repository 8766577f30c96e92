using System.Text.Json;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Import;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Import;

/// <summary>Steps 2–4 of a CSV import: map columns, preview every row's fate, import all valid rows or cancel; then the report.</summary>
[RequiresPermission(CrmPermissions.Import)]
public sealed class BatchModel(IMediator mediator, CsvImporter importer, IEnumerable<IOnboardingContributor> contributors, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Preview { get; set; }

    public View Data { get; private set; } = null!;

    /// <summary>The onboarding options other plugins put on the form; every client the import creates gets them.</summary>
    public IReadOnlyList<IOnboardingContributor> Contributors { get; } = contributors.OrderBy(c => c.Order).ToList();

    public async Task OnGetAsync(CancellationToken cancellationToken) => Data = await mediator.Send(new Query(Id, Preview), cancellationToken);

    public Task ReloadAsync() => OnGetAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostMapAsync(Dictionary<string, int> mapping, DuplicateMode duplicates,
        [FromForm(Name = "Onboarding")] Dictionary<string, string?>? onboarding, CancellationToken cancellationToken)
    {
        var options = (onboarding ?? []).Where(o => o.Value is not null).ToDictionary(o => o.Key, o => o.Value!);
        await mediator.Send(new Map(Id, mapping, duplicates, options), cancellationToken);
        return Redirect(Url.Page("/Import/Batch", new { area = "Crm", id = Id, preview = true })!);
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken cancellationToken)
    {
        var plan = await mediator.Send(new Apply(Id), cancellationToken);
        // Written in short transactions of its own; it finishes (or rolls back) even if the browser goes away.
        var completed = await importer.ApplyClaimedAsync(Id, plan.Currency, plan.Onboarding, CancellationToken.None);
        TempData["Flash"] = completed ? l["The import is done."].Value : l["The import was stopped; every row it wrote was removed."].Value;
        return Redirect(Url.Page("/Import/Batch", new { area = "Crm", id = Id })!);
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        var stopping = await mediator.Send(new Cancel(Id), cancellationToken);
        TempData["Flash"] = stopping
            ? l["The import is being stopped; every row it wrote is removed."].Value
            : l["The import was cancelled; nothing was imported."].Value;
        return Redirect(Url.Page("/Import/Index", new { area = "Crm" })!);
    }

    /// <param name="Onboarding">The options chosen for new clients, or the team's defaults until chosen.</param>
    public sealed record View(ImportBatch Batch, IReadOnlyList<string> Header, IReadOnlyList<string[]> Sample, IReadOnlyDictionary<string, int> Mapping,
        IReadOnlyList<RowResult>? Check, IReadOnlyList<CsvImporter.ReportLine> Report, Dictionary<string, string> Onboarding);

    [RequiresPermission(CrmPermissions.Import)]
    public sealed record Query(Guid Id, bool Preview) : IQuery<View>;

    [RequiresPermission(CrmPermissions.Import)]
    public sealed record Map(Guid Id, IReadOnlyDictionary<string, int> Mapping, DuplicateMode Duplicates, IReadOnlyDictionary<string, string> Onboarding) : IRequest;

    /// <summary>Claims the batch for applying; what the import then needs.</summary>
    [RequiresPermission(CrmPermissions.Import)]
    public sealed record Apply(Guid Id) : IRequest<ApplyPlan>;

    public sealed record ApplyPlan(string Currency, IReadOnlyDictionary<string, string> Onboarding);

    /// <summary>Cancels an uploaded batch, or asks a running one to stop (true).</summary>
    [RequiresPermission(CrmPermissions.Import)]
    public sealed record Cancel(Guid Id) : IRequest<bool>;

    public sealed class Handlers(AppDbContext db, CsvImporter importer, ITenantContext tenant, IEnumerable<IOnboardingContributor> contributors, IStringLocalizer<SharedResource> l)
        : IQueryHandler<Query, View>, IRequestHandler<Map>, IRequestHandler<Apply, ApplyPlan>, IRequestHandler<Cancel, bool>
    {
        public async ValueTask<View> Handle(Query query, CancellationToken cancellationToken)
        {
            var batch = await FindAsync(query.Id, cancellationToken);
            var (header, rows) = CsvImporter.Peek(batch, 5);
            var check = query.Preview && batch.Status == ImportStatus.Uploaded ? await importer.CheckAsync(batch, cancellationToken) : null;
            var report = batch.Report is null ? [] : JsonSerializer.Deserialize<List<CsvImporter.ReportLine>>(batch.Report) ?? [];
            var onboarding = CsvImporter.ReadOnboarding(batch)?.ToDictionary() ?? await DefaultOnboardingAsync(cancellationToken);
            return new View(batch, header, rows, CsvImporter.ReadMapping(batch), check, report, onboarding);
        }

        public async ValueTask<Unit> Handle(Map command, CancellationToken cancellationToken)
        {
            var batch = await OpenAsync(command.Id, cancellationToken);
            var (header, _) = CsvImporter.Peek(batch, 0);
            var mapping = command.Mapping
                .Where(m => CsvImporter.Fields(batch.Kind).Contains(m.Key) && m.Value >= 0 && m.Value < header.Count)
                .ToDictionary(m => m.Key, m => m.Value);
            var missing = CsvImporter.Required(batch.Kind).Where(f => !mapping.ContainsKey(f)).ToList();
            if (missing.Count > 0)
            {
                throw new ValidationFailedException("", l["Choose a column for every required field: {0}.", string.Join(", ", missing.Select(f => l[CsvImporter.Labels[f]].Value))]);
            }

            batch.Mapping = JsonSerializer.Serialize(mapping);
            batch.DuplicateMode = command.Duplicates;
            batch.Onboarding = JsonSerializer.Serialize(command.Onboarding.Where(o => o.Key.Length <= 100 && o.Value.Length <= 500).Take(50).ToDictionary());
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<ApplyPlan> Handle(Apply command, CancellationToken cancellationToken)
        {
            var batch = await OpenAsync(command.Id, cancellationToken);
            var onboarding = CsvImporter.ReadOnboarding(batch) ?? await DefaultOnboardingAsync(cancellationToken);
            // Three clicks, two tabs or two instances: one claim succeeds, the others are told.
            if (!await importer.ClaimAsync(batch.Id, cancellationToken))
            {
                throw new ValidationFailedException("", l["This import is already running, finished or cancelled."]);
            }

            return new ApplyPlan(tenant.Tenant!.Currency, onboarding);
        }

        public async ValueTask<bool> Handle(Cancel command, CancellationToken cancellationToken)
        {
            var batch = await FindAsync(command.Id, cancellationToken);
            if (batch.Status == ImportStatus.Applying)
            {
                batch.CancelRequested = true;
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }

            batch = await OpenAsync(command.Id, cancellationToken);
            batch.Status = ImportStatus.Cancelled;
            batch.Content = "";
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        private async Task<Dictionary<string, string>> DefaultOnboardingAsync(CancellationToken cancellationToken)
        {
            var defaults = new Dictionary<string, string>();
            foreach (var contributor in contributors)
            {
                foreach (var (key, value) in await contributor.DefaultsAsync(cancellationToken))
                {
                    defaults[key] = value;
                }
            }

            return defaults;
        }

        private async Task<ImportBatch> FindAsync(Guid id, CancellationToken cancellationToken) =>
            await db.Set<ImportBatch>().SingleOrDefaultAsync(b => b.Id == id, cancellationToken) ?? throw new NotFoundException("Import");

        private async Task<ImportBatch> OpenAsync(Guid id, CancellationToken cancellationToken)
        {
            var batch = await FindAsync(id, cancellationToken);
            return batch.Status == ImportStatus.Uploaded
                ? batch
                : throw new ValidationFailedException("", l["This import is already finished or cancelled."]);
        }
    }
}
