using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Localization;
using Microsoft.Extensions.Localization;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Domain;

/// <summary>What the project form edits; shared by create and edit.</summary>
public sealed class ProjectInput : IValidatableObject
{
    public Guid ClientId { get; set; }

    [Required(ErrorMessage = "Enter the project's name.")]
    [StringLength(ProjectLimits.Name, ErrorMessage = "Use at most {1} characters.")]
    public string Name { get; set; } = "";

    [StringLength(ProjectLimits.Code, ErrorMessage = "Use at most {1} characters.")]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9-]*$", ErrorMessage = "Use letters, digits and dashes, e.g. ACME-WEB.")]
    public string? Code { get; set; }

    [StringLength(ProjectLimits.Text, ErrorMessage = "Use at most {1} characters.")]
    [DataType(DataType.MultilineText)]
    public string? Description { get; set; }

    public ProjectStatus Status { get; set; } = ProjectStatus.Active;

    public DateOnly? StartDate { get; set; }

    public DateOnly? DueDate { get; set; }

    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "Enter a number of hours between {1} and {2}.")]
    // Shown as written (1.5, not 1.50 as a database with a fixed scale gives it back).
    [DisplayFormat(DataFormatString = "{0:0.##}", ApplyFormatInEditMode = true)]
    public decimal? BudgetHours { get; set; }

    [Range(typeof(decimal), "0", "1000000000", ErrorMessage = "Enter an amount between {1} and {2}.")]
    public decimal? BudgetAmount { get; set; }

    public bool Billable { get; set; } = true;

    [Range(typeof(decimal), "0", "100000", ErrorMessage = "Enter a rate between {1} and {2}.")]
    [DisplayFormat(DataFormatString = "{0:0.####}", ApplyFormatInEditMode = true)]
    public decimal? HourlyRate { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StartDate is { } start && DueDate is { } due && due < start)
        {
            var l = validationContext.GetService(typeof(IStringLocalizer<SharedResource>)) as IStringLocalizer<SharedResource>;
            const string message = "The due date cannot be before the start date.";
            yield return new ValidationResult(l?[message] ?? message, [nameof(DueDate)]);
        }
    }

    /// <summary>Copies the input onto <paramref name="project"/>, whose currency must be set (amounts are kept in its minor units).</summary>
    public void ApplyTo(Project project)
    {
        project.Name = Name.Trim();
        project.Code = Code?.Trim().ToUpperInvariant() ?? "";
        project.Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        project.Status = Status;
        project.StartDate = StartDate;
        project.DueDate = DueDate;
        project.BudgetHours = BudgetHours;
        project.BudgetAmountMinor = BudgetAmount is { } amount ? Money.FromMajor(amount, project.Currency).MinorUnits : null;
        project.Billable = Billable;
        project.HourlyRate = HourlyRate;
    }

    public static ProjectInput From(Project project) => new()
    {
        ClientId = project.ClientId,
        Name = project.Name,
        Code = project.Code,
        Description = project.Description,
        Status = project.Status,
        StartDate = project.StartDate,
        DueDate = project.DueDate,
        BudgetHours = project.BudgetHours,
        BudgetAmount = project.BudgetAmountMinor is { } minor ? new Money(minor, project.Currency).ToMajor() : null,
        Billable = project.Billable,
        HourlyRate = project.HourlyRate,
    };

    /// <summary>The English label of a status; views localize it.</summary>
    public static string StatusLabel(ProjectStatus status) => status switch
    {
        ProjectStatus.OnHold => "On hold",
        _ => status.ToString(),
    };
}
