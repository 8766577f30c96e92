using System.Text;
using System.Text.Json;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Import;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Import;

/// <summary>Step 1 of a CSV import: choose what the file holds and upload it. Lists earlier imports.</summary>
[RequiresPermission(CrmPermissions.Import)]
// Reads uploads well past the import's own limit, so a file that is too large gets a message, not a reset connection.
[RequestSizeLimit(CsvImporter.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = CsvImporter.MaxUploadBytes)]
public sealed class IndexModel(IMediator mediator) : PageModel, IReloadOnInvalid
{
    [BindProperty]
    public ImportKind Kind { get; set; }

    [BindProperty]
    public IFormFile? CsvFile { get; set; }

    public IReadOnlyList<ImportBatch> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Recent = await mediator.Send(new RecentQuery(), cancellationToken);

    public Task ReloadAsync() => OnGetAsync(HttpContext.RequestAborted);

    [HtmxFragment("_UploadForm")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var id = await mediator.Send(new Upload(Kind, CsvFile), cancellationToken);
        return this.RedirectOrHxRedirect(Url.Page("/Import/Batch", new { area = "Crm", id })!);
    }

    [RequiresPermission(CrmPermissions.Import)]
    public sealed record RecentQuery : IQuery<IReadOnlyList<ImportBatch>>;

    [RequiresPermission(CrmPermissions.Import)]
    public sealed record Upload(ImportKind Kind, IFormFile? File) : IRequest<Guid>;

    public sealed class Handlers(AppDbContext db, CrmAccess access, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IQueryHandler<RecentQuery, IReadOnlyList<ImportBatch>>, IRequestHandler<Upload, Guid>
    {
        public async ValueTask<IReadOnlyList<ImportBatch>> Handle(RecentQuery query, CancellationToken cancellationToken) =>
            await db.Set<ImportBatch>().AsNoTracking().OrderByDescending(b => b.CreatedAt).Take(20)
                .Select(b => new ImportBatch { Id = b.Id, Kind = b.Kind, FileName = b.FileName, Status = b.Status, Rows = b.Rows, Created = b.Created, Merged = b.Merged, Skipped = b.Skipped, Invalid = b.Invalid, CreatedAt = b.CreatedAt })
                .ToListAsync(cancellationToken);

        public async ValueTask<Guid> Handle(Upload command, CancellationToken cancellationToken)
        {
            if (command.File is null || command.File.Length == 0)
            {
                throw new ValidationFailedException("CsvFile", l["Choose a CSV file."]);
            }

            if (command.File.Length > CsvImporter.MaxBytes)
            {
                throw new ValidationFailedException("CsvFile", l["The file is larger than 20 MB. Split it into smaller files."]);
            }

            if (await CsvText.ReadAsync(command.File, cancellationToken) is not { } content)
            {
                throw new ValidationFailedException("CsvFile", l["This is not a text file. Choose a CSV file (saved as \"CSV\" from a spreadsheet)."]);
            }

            var batch = new ImportBatch
            {
                Kind = command.Kind,
                FileName = Path.GetFileName(command.File.FileName) is { Length: > 0 and <= Limits.Name } name ? name : "upload.csv",
                Content = content,
                CreatedBy = access.Me,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var (header, first) = CsvImporter.Peek(batch, 1);
            if (header.Count == 0 || first.Count == 0)
            {
                throw new ValidationFailedException("CsvFile", l["The file has no data rows below its header line."]);
            }

            var rows = CsvImporter.Records(batch).Skip(1).Take(CsvImporter.MaxRows + 1).Count();
            if (rows > CsvImporter.MaxRows)
            {
                throw new ValidationFailedException("CsvFile", l["The file has more than {0} rows. Split it into smaller files.", CsvImporter.MaxRows]);
            }

            batch.Rows = rows;
            batch.Mapping = JsonSerializer.Serialize(CsvImporter.GuessMapping(command.Kind, header));
            db.Add(batch);
            await db.SaveChangesAsync(cancellationToken);
            return batch.Id;
        }
    }
}
