using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.DataExport;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Team;

/// <summary>
/// The team's data as a zip (every record as JSON and CSV, invoice PDFs and XML), prepared in the
/// background with progress; downloadable for a week.
/// </summary>
[RequiresPermission(TeamPermissions.Export)]
public sealed class ExportModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<Row> Exports { get; private set; } = [];

    public bool Working => Exports.Any(e => e.Status is ExportStatus.Queued or ExportStatus.Running);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Exports = await mediator.Send(new Query(), cancellationToken);

    /// <summary>The list alone, polled while an export is being prepared.</summary>
    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken)
    {
        Exports = await mediator.Send(new Query(), cancellationToken);
        return Partial("_ExportRows", this);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new Start(), cancellationToken);
        TempData["Flash"] = l["The export is being prepared. You can leave this page; it will be here when it is ready."].Value;
        return Redirect("/team/export");
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, CancellationToken cancellationToken)
    {
        var file = await mediator.Send(new Download(id), cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        Response.ContentType = "application/zip";
        Response.ContentLength = file.Size;
        Response.Headers.ContentDisposition = $"attachment; filename=\"{file.FileName}\"";
        await foreach (var chunk in file.Chunks.WithCancellation(cancellationToken))
        {
            await Response.Body.WriteAsync(chunk, cancellationToken);
        }

        return new EmptyResult();
    }

    public sealed record Row(Guid Id, DateTime RequestedAt, string RequestedBy, ExportStatus Status, int TablesDone, int TablesTotal, long Rows, long Size, string? Error)
    {
        public int Percent => Status == ExportStatus.Done ? 100 : TablesTotal == 0 ? 0 : TablesDone * 100 / TablesTotal;
    }

    public sealed record ExportFile(string FileName, long Size, IAsyncEnumerable<byte[]> Chunks);

    [RequiresPermission(TeamPermissions.Export)]
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    [RequiresPermission(TeamPermissions.Export)]
    public sealed record Start : IRequest;

    [RequiresPermission(TeamPermissions.Export)]
    public sealed record Download(Guid Id) : IQuery<ExportFile?>;

    public sealed class Handlers(AppDbContext db, ICurrentUser user, ITenantContext tenant, IUnitOfWork unitOfWork, ExportSignal signal, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IQueryHandler<Query, IReadOnlyList<Row>>, IRequestHandler<Start>, IQueryHandler<Download, ExportFile?>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Set<TeamExport>().AsNoTracking().OrderByDescending(e => e.RequestedAt).Take(10)
                .Select(e => new Row(e.Id, e.RequestedAt, e.RequestedBy, e.Status, e.TablesDone, e.TablesTotal, e.Rows, e.Size, e.Error))
                .ToListAsync(cancellationToken);

        public async ValueTask<Unit> Handle(Start command, CancellationToken cancellationToken)
        {
            if (await db.Set<TeamExport>().AnyAsync(e => e.Status == ExportStatus.Queued || e.Status == ExportStatus.Running, cancellationToken))
            {
                throw new ValidationFailedException("", l["An export is already being prepared; wait for it to finish."]);
            }

            db.Add(new TeamExport
            {
                RequestedById = user.UserId!.Value,
                RequestedBy = user.DisplayName ?? "",
                RequestedAt = clock.GetUtcNow().UtcDateTime,
                Status = ExportStatus.Queued,
            });
            await db.SaveChangesAsync(cancellationToken);
            unitOfWork.AfterCommit(_ =>
            {
                signal.Nudge();
                return Task.CompletedTask;
            });
            return Unit.Value;
        }

        public async ValueTask<ExportFile?> Handle(Download query, CancellationToken cancellationToken)
        {
            var export = await db.Set<TeamExport>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == query.Id && e.Status == ExportStatus.Done, cancellationToken);
            if (export is null)
            {
                return null;
            }

            var name = $"crmsaas-{tenant.Tenant!.Identifier}-{export.FinishedAt:yyyy-MM-dd}.zip";
            return new ExportFile(name, export.Size, db.Set<TeamExportChunk>().AsNoTracking().Where(c => c.ExportId == export.Id).OrderBy(c => c.Index).Select(c => c.Data).AsAsyncEnumerable());
        }
    }
}
