using System.ComponentModel.DataAnnotations;

namespace CrmSaaS.Plugins.Crm.Domain;

/// <summary>The log-an-activity form on contact and client pages.</summary>
public sealed class ActivityInput
{
    public ActivityType Type { get; set; } = ActivityType.Call;

    [Required(ErrorMessage = "Enter a subject.")]
    [StringLength(Limits.Name, ErrorMessage = "Use at most {1} characters.")]
    public string Subject { get; set; } = "";

    [StringLength(Limits.Notes, ErrorMessage = "Use at most {1} characters.")]
    [DataType(DataType.MultilineText)]
    public string? Text { get; set; }

    /// <summary>When it happened (local time of the browser, sent as UTC by the form); empty means now.</summary>
    public DateTime? OccurredAt { get; set; }

    /// <summary>For follow-ups: the day it is due.</summary>
    public DateOnly? DueOn { get; set; }
}

public sealed record ActivityRow(Guid Id, ActivityType Type, string Subject, string? Text, DateTime OccurredAt, DateTime? DueAt, bool Done, string Author, Guid? ContactId, string? ContactName);
