using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Contracts;

namespace CrmSaaS.Plugins.Crm.Domain;

/// <summary>A company the team works for.</summary>
public class Client : ITenantOwned
{
    private string _name = "";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The import that created this client; while that import runs, its rows are removed if it fails or is cancelled.</summary>
    public Guid? ImportBatchId { get; set; }
    public Guid TenantId { get; set; }

    public string Name
    {
        get => _name;
        set
        {
            _name = value;
            NameNormalized = TextKeys.Name(value);
        }
    }

    /// <summary>The name as duplicates are found by (<see cref="TextKeys.Name"/>); kept with the name, indexed.</summary>
    public string NameNormalized { get; private set; } = "";
    public ClientStatus Status { get; set; } = ClientStatus.Lead;
    public string? BillingAddress { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; set; }
    public string? VatId { get; set; }
    /// <summary>One or more addresses, comma separated, each validated.</summary>
    public string? BillingEmails { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    /// <summary>ISO 4217.</summary>
    public string Currency { get; set; } = "EUR";
    /// <summary>Language of invoices and other documents: "en" or "de".</summary>
    public string DocumentLanguage { get; set; } = "en";
    /// <summary>Normalized tags, stored as ",tag one,tag two," so one tag is found with a LIKE on ",tag,".</summary>
    public string Tags { get; set; } = "";
    public string? Notes { get; set; }
    /// <summary>The responsible manager (a member's user id).</summary>
    public Guid ResponsibleManagerId { get; set; }
    public List<ClientManager> Managers { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An additional manager of a client, beside the responsible one.</summary>
public class ClientManager : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ClientId { get; set; }
    public Guid UserId { get; set; }
}

/// <summary>A person, usually at a client.</summary>
public class Contact : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The import that created this contact; while that import runs, its rows are removed if it fails or is cancelled.</summary>
    public Guid? ImportBatchId { get; set; }
    public Guid TenantId { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? Email { get; set; }
    /// <summary>Upper-case email for the per-team duplicate check.</summary>
    public string? EmailNormalized { get; set; }
    public string? Phone { get; set; }
    public string? Position { get; set; }
    public Guid? ClientId { get; set; }
    public Client? Client { get; set; }
    /// <summary>Speaks for the client; onboarding invites representatives to the portal.</summary>
    public bool IsRepresentative { get; set; }
    public Guid OwnerId { get; set; }
    public List<ContactAssignee> Assignees { get; set; } = [];
    public string Tags { get; set; } = "";
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>When the person's data was erased (the contact stays, without it, so records that point to it still add up).</summary>
    public DateTime? ErasedAt { get; set; }

    public string FullName => $"{FirstName} {LastName}".Trim();
}

public class ContactAssignee : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ContactId { get; set; }
    public Guid UserId { get; set; }
}

public enum ActivityType
{
    Call = 0,
    Email = 1,
    Meeting = 2,
    Note = 3,
    FollowUp = 4,
}

/// <summary>A call, email, meeting, note or follow-up task logged on a contact or a client.</summary>
public class Activity : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public ActivityType Type { get; set; }
    public string Subject { get; set; } = "";
    public string? Text { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>Follow-ups only: when it is due (UTC) and whether it is done.</summary>
    public DateTime? DueAt { get; set; }
    public bool Done { get; set; }
    public DateTime? DoneAt { get; set; }
    public Guid? ContactId { get; set; }
    public Guid? ClientId { get; set; }
    public Guid AuthorId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One search token of a contact (a normalized word of its name, email, phone, client or tags).
/// Prefix search is a range scan over the key (TenantId, Token, SortKey, ContactId), so it stays
/// fast at 100,000 contacts.
/// </summary>
[AuditIgnore]
public class ContactSearchToken : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid ContactId { get; set; }
    public string Token { get; set; } = "";

    /// <summary>
    /// The contact's name order (last name, then first name), copied here so a search ordered by
    /// name is answered from this table's key alone.
    /// </summary>
    public string SortKey { get; set; } = "";
}

public enum ImportKind
{
    Contacts = 0,
    Clients = 1,
}

public enum DuplicateMode
{
    Skip = 0,
    Merge = 1,
}

public enum ImportStatus
{
    Uploaded = 0,
    Completed = 1,
    Cancelled = 2,
    /// <summary>Claimed by one request and being written in short transactions; its rows carry the batch id.</summary>
    Applying = 3,
    /// <summary>Stopped by an error or a crash; every row it had written was removed.</summary>
    Failed = 4,
}

/// <summary>An uploaded CSV file on its way through mapping, preview and import; the report stays afterwards.</summary>
[AuditIgnore]
public class ImportBatch : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public ImportKind Kind { get; set; }
    public string FileName { get; set; } = "";
    /// <summary>The file's text; emptied once the import is done or cancelled.</summary>
    public string Content { get; set; } = "";
    /// <summary>JSON: target field → column index.</summary>
    public string? Mapping { get; set; }
    public DuplicateMode DuplicateMode { get; set; }
    /// <summary>JSON: the onboarding options ("Plugin.Field" → value) every client the import creates gets; null until chosen.</summary>
    public string? Onboarding { get; set; }
    public ImportStatus Status { get; set; }
    public int Rows { get; set; }
    public int Created { get; set; }
    public int Merged { get; set; }
    public int Skipped { get; set; }
    public int Invalid { get; set; }
    /// <summary>JSON list of the rows that were not imported and why.</summary>
    public string? Report { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>Rows written so far while applying (the progress shown).</summary>
    public int Applied { get; set; }
    /// <summary>While applying: the writer renews this lease with every chunk; a batch whose lease ran out was abandoned (a crash) and is rolled back.</summary>
    public DateTime? LeaseUntil { get; set; }
    /// <summary>Asked to stop while applying: the writer rolls back before its next chunk.</summary>
    public bool CancelRequested { get; set; }
    /// <summary>Why a failed import stopped.</summary>
    public string? Error { get; set; }
}
