using System.ComponentModel.DataAnnotations;
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

/// <summary>The team's billing profile: the seller on its invoices, defaults, number ranges, email texts and logo.</summary>
[RequiresPermission(BillingPermissions.Settings)]
public sealed class SettingsModel(IMediator mediator, AppDbContext db, BillingTerms terms, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public bool HasLogo { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var profile = await terms.ProfileAsync(cancellationToken);
        var ranges = await db.Set<NumberRange>().AsNoTracking().ToListAsync(cancellationToken);
        Input = ProfileInput.From(profile, ranges);
        HasLogo = profile.Logo is not null;
    }

    public async Task ReloadAsync() => HasLogo = (await terms.ProfileAsync(HttpContext.RequestAborted)).Logo is not null;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(new SaveProfile(Input), cancellationToken);
        TempData["Flash"] = l["Billing settings saved."].Value;
        return RedirectToPage("/Settings", new { area = "Billing" });
    }

    public async Task<IActionResult> OnPostLogoAsync(IFormFile? logo, bool remove, CancellationToken cancellationToken)
    {
        byte[]? content = null;
        if (!remove && logo is null)
        {
            throw new ValidationFailedException("logo", l["Choose an image to upload."]);
        }

        if (!remove && logo is not null)
        {
            if (logo.Length > BillingProfileLimits.LogoBytes)
            {
                throw new ValidationFailedException("logo", l["The logo may be at most {0} KB.", BillingProfileLimits.LogoBytes / 1024]);
            }

            using var buffer = new MemoryStream();
            await logo.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        await mediator.Send(new SaveLogo(content), cancellationToken);
        TempData["Flash"] = (content is null ? l["Logo removed."] : l["Logo saved."]).Value;
        return RedirectToPage("/Settings", new { area = "Billing" });
    }

    public sealed class ProfileInput
    {
        [Required(ErrorMessage = "Enter the legal name.")]
        [StringLength(BillingProfileLimits.Name, ErrorMessage = "Use at most {1} characters.")]
        public string LegalName { get; set; } = "";

        [Required(ErrorMessage = "Enter the street and number.")]
        [StringLength(BillingProfileLimits.Name, ErrorMessage = "Use at most {1} characters.")]
        public string Street { get; set; } = "";

        [Required(ErrorMessage = "Enter the postal code.")]
        [StringLength(20, ErrorMessage = "Use at most {1} characters.")]
        public string PostalCode { get; set; } = "";

        [Required(ErrorMessage = "Enter the city.")]
        [StringLength(100, ErrorMessage = "Use at most {1} characters.")]
        public string City { get; set; } = "";

        [Required(ErrorMessage = "Use the two-letter country code, e.g. DE.")]
        [RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use the two-letter country code, e.g. DE.")]
        public string Country { get; set; } = "DE";

        [RegularExpression("^[A-Za-z]{2}[A-Za-z0-9+*.]{2,13}$", ErrorMessage = "Enter the VAT ID with its country prefix, e.g. DE123456789.")]
        public string? VatId { get; set; }

        [StringLength(30, ErrorMessage = "Use at most {1} characters.")]
        public string? TaxNumber { get; set; }

        [StringLength(100, ErrorMessage = "Use at most {1} characters.")]
        public string? ContactName { get; set; }

        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(254, ErrorMessage = "Use at most {1} characters.")]
        public string? ContactEmail { get; set; }

        [StringLength(40, ErrorMessage = "Use at most {1} characters.")]
        public string? ContactPhone { get; set; }

        [Iban]
        public string? Iban { get; set; }

        [Bic]
        public string? Bic { get; set; }

        [StringLength(100, ErrorMessage = "Use at most {1} characters.")]
        public string? BankName { get; set; }

        [StringLength(BillingProfileLimits.Footer, ErrorMessage = "Use at most {1} characters.")]
        [DataType(DataType.MultilineText)]
        public string? Footer { get; set; }

        [Range(0, 365, ErrorMessage = "Enter 0 to 365 days.")]
        public int PaymentTermDays { get; set; } = 14;

        [Range(typeof(decimal), "0", "99.99", ErrorMessage = "Enter a rate from 0 to 99.99 percent.")]
        public decimal VatRate { get; set; } = 19m;

        public bool SmallBusiness { get; set; }

        public DayOfWeek RunDay { get; set; } = DayOfWeek.Monday;

        public TimeOnly RunAt { get; set; } = new(6, 0);

        [Required(ErrorMessage = "Enter a pattern.")]
        public string InvoicePattern { get; set; } = DocumentNumbers.DefaultInvoicePattern;

        public bool InvoiceResetYearly { get; set; } = true;

        [Required(ErrorMessage = "Enter a pattern.")]
        public string CreditNotePattern { get; set; } = DocumentNumbers.DefaultCreditNotePattern;

        public bool CreditNoteResetYearly { get; set; } = true;

        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        public string? EmailSubjectEn { get; set; }

        [StringLength(BillingProfileLimits.EmailBody, ErrorMessage = "Use at most {1} characters.")]
        [DataType(DataType.MultilineText)]
        public string? EmailBodyEn { get; set; }

        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        public string? EmailSubjectDe { get; set; }

        [StringLength(BillingProfileLimits.EmailBody, ErrorMessage = "Use at most {1} characters.")]
        [DataType(DataType.MultilineText)]
        public string? EmailBodyDe { get; set; }

        public static ProfileInput From(BillingProfile p, IReadOnlyList<NumberRange> ranges)
        {
            var invoice = ranges.FirstOrDefault(r => r.Kind == DocumentKind.Invoice);
            var credit = ranges.FirstOrDefault(r => r.Kind == DocumentKind.CreditNote);
            return new ProfileInput
            {
                LegalName = p.LegalName, Street = p.Street, PostalCode = p.PostalCode, City = p.City, Country = p.Country, VatId = p.VatId, TaxNumber = p.TaxNumber,
                ContactName = p.ContactName, ContactEmail = p.ContactEmail, ContactPhone = p.ContactPhone,
                Iban = p.Iban is null ? null : BankDetails.FormatIban(p.Iban), Bic = p.Bic, BankName = p.BankName, Footer = p.Footer,
                PaymentTermDays = p.PaymentTermDays, VatRate = p.VatRate, SmallBusiness = p.SmallBusiness, RunDay = p.RunDay, RunAt = p.RunAt,
                InvoicePattern = invoice?.Pattern ?? DocumentNumbers.DefaultInvoicePattern, InvoiceResetYearly = invoice?.ResetYearly ?? true,
                CreditNotePattern = credit?.Pattern ?? DocumentNumbers.DefaultCreditNotePattern, CreditNoteResetYearly = credit?.ResetYearly ?? true,
                EmailSubjectEn = p.EmailSubjectEn, EmailBodyEn = p.EmailBodyEn, EmailSubjectDe = p.EmailSubjectDe, EmailBodyDe = p.EmailBodyDe,
            };
        }
    }

    [RequiresPermission(BillingPermissions.Settings)]
    public sealed record SaveProfile(ProfileInput Input) : IRequest;

    [RequiresPermission(BillingPermissions.Settings)]
    public sealed record SaveLogo(byte[]? Content) : IRequest;

    public sealed class Handlers(AppDbContext db, IStringLocalizer<SharedResource> l) : IRequestHandler<SaveProfile>, IRequestHandler<SaveLogo>
    {
        public async ValueTask<Unit> Handle(SaveProfile command, CancellationToken cancellationToken)
        {
            var input = command.Input;
            if (DocumentNumbers.Problem(input.InvoicePattern?.Trim() ?? "", input.InvoiceResetYearly) is { } invoiceProblem)
            {
                throw new ValidationFailedException("Input.InvoicePattern", l[invoiceProblem]);
            }

            if (DocumentNumbers.Problem(input.CreditNotePattern?.Trim() ?? "", input.CreditNoteResetYearly) is { } creditProblem)
            {
                throw new ValidationFailedException("Input.CreditNotePattern", l[creditProblem]);
            }

            if (string.IsNullOrWhiteSpace(input.VatId) && string.IsNullOrWhiteSpace(input.TaxNumber))
            {
                throw new ValidationFailedException("Input.VatId", l["Enter the VAT ID or the tax number; invoices must show one."]);
            }

            var profile = await db.Set<BillingProfile>().SingleOrDefaultAsync(cancellationToken);
            if (profile is null)
            {
                profile = new BillingProfile();
                db.Add(profile);
            }

            profile.LegalName = input.LegalName.Trim();
            profile.Street = input.Street.Trim();
            profile.PostalCode = input.PostalCode.Trim();
            profile.City = input.City.Trim();
            profile.Country = input.Country.Trim().ToUpperInvariant();
            profile.VatId = Blank(input.VatId)?.ToUpperInvariant();
            profile.TaxNumber = Blank(input.TaxNumber);
            profile.ContactName = Blank(input.ContactName);
            profile.ContactEmail = Blank(input.ContactEmail);
            profile.ContactPhone = Blank(input.ContactPhone);
            profile.Iban = Blank(input.Iban) is { } iban ? BankDetails.NormalizeIban(iban) : null;
            profile.Bic = Blank(input.Bic)?.ToUpperInvariant();
            profile.BankName = Blank(input.BankName);
            profile.Footer = Blank(input.Footer);
            profile.PaymentTermDays = input.PaymentTermDays;
            profile.VatRate = Math.Round(input.VatRate, 2, MidpointRounding.AwayFromZero);
            profile.SmallBusiness = input.SmallBusiness;
            profile.RunDay = input.RunDay;
            profile.RunAt = new TimeOnly(input.RunAt.Hour, input.RunAt.Minute);
            profile.EmailSubjectEn = Blank(input.EmailSubjectEn);
            profile.EmailBodyEn = Blank(input.EmailBodyEn);
            profile.EmailSubjectDe = Blank(input.EmailSubjectDe);
            profile.EmailBodyDe = Blank(input.EmailBodyDe);

            await SaveRangeAsync(DocumentKind.Invoice, input.InvoicePattern!.Trim(), input.InvoiceResetYearly, cancellationToken);
            await SaveRangeAsync(DocumentKind.CreditNote, input.CreditNotePattern!.Trim(), input.CreditNoteResetYearly, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(SaveLogo command, CancellationToken cancellationToken)
        {
            var type = command.Content is null ? null : LogoType(command.Content)
                ?? throw new ValidationFailedException("logo", l["Upload the logo as a PNG or JPEG image."]);
            var profile = await db.Set<BillingProfile>().SingleOrDefaultAsync(cancellationToken)
                ?? throw new ValidationFailedException("logo", l["Save the billing profile first."]);
            profile.Logo = command.Content;
            profile.LogoContentType = type;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        /// <summary>PNG or JPEG by their signatures, whatever the file is called.</summary>
        private static string? LogoType(byte[] content) =>
            content.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? "image/png"
            : content.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }) ? "image/jpeg"
            : null;

        private async Task SaveRangeAsync(DocumentKind kind, string pattern, bool resetYearly, CancellationToken cancellationToken)
        {
            var range = await db.Set<NumberRange>().SingleOrDefaultAsync(r => r.Kind == kind, cancellationToken);
            if (range is null)
            {
                range = new NumberRange { Kind = kind };
                db.Add(range);
            }

            range.Pattern = pattern;
            range.ResetYearly = resetYearly;
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
