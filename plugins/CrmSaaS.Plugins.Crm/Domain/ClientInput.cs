using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.Extensions.Localization;
using CrmSaaS.Kernel.Validation;

namespace CrmSaaS.Plugins.Crm.Domain;

/// <summary>What the client form edits; shared by create and edit.</summary>
public sealed class ClientInput
{
    [Required(ErrorMessage = "Enter the client's name.")]
    [StringLength(Limits.Name, ErrorMessage = "Use at most {1} characters.")]
    public string Name { get; set; } = "";

    public ClientStatus Status { get; set; } = ClientStatus.Active;

    [StringLength(Limits.Address, ErrorMessage = "Use at most {1} characters.")]
    [DataType(DataType.MultilineText)]
    public string? BillingAddress { get; set; }

    [RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use the two-letter country code, e.g. DE.")]
    public string? Country { get; set; }

    [StringLength(Limits.Short, ErrorMessage = "Use at most {1} characters.")]
    public string? VatId { get; set; }

    [EmailList]
    [StringLength(Limits.Address, ErrorMessage = "Use at most {1} characters.")]
    public string? BillingEmails { get; set; }

    [StringLength(Limits.Short, ErrorMessage = "Use at most {1} characters.")]
    public string? Phone { get; set; }

    [Url(ErrorMessage = "Enter a full web address, e.g. https://example.com.")]
    [StringLength(Limits.Url, ErrorMessage = "Use at most {1} characters.")]
    public string? Website { get; set; }

    [Required(ErrorMessage = "Choose a currency.")]
    [CurrencyCode]
    public string Currency { get; set; } = "EUR";

    [RegularExpression("^(en|de)$", ErrorMessage = "Choose English or German.")]
    public string DocumentLanguage { get; set; } = "en";

    [StringLength(Limits.Tags, ErrorMessage = "Use at most {1} characters.")]
    public string? Tags { get; set; }

    [StringLength(Limits.Notes, ErrorMessage = "Use at most {1} characters.")]
    [DataType(DataType.MultilineText)]
    public string? Notes { get; set; }

    public Guid ResponsibleManagerId { get; set; }

    public List<Guid> ManagerIds { get; set; } = [];

    public void ApplyTo(Client client)
    {
        client.Name = Name.Trim();
        client.Status = Status;
        client.BillingAddress = Blank(BillingAddress);
        client.Country = Blank(Country)?.ToUpperInvariant();
        client.VatId = Blank(VatId);
        client.BillingEmails = EmailListAttribute.Split(BillingEmails) is { Count: > 0 } emails ? string.Join(", ", emails) : null;
        client.Phone = Blank(Phone);
        client.Website = Blank(Website);
        client.Currency = Currency.Trim().ToUpperInvariant();
        client.DocumentLanguage = DocumentLanguage;
        client.Tags = Kernel.Common.Tags.Normalize(Tags);
        client.Notes = Blank(Notes);
    }

    public static ClientInput From(Client client, IEnumerable<Guid> managers) => new()
    {
        Name = client.Name,
        Status = client.Status,
        BillingAddress = client.BillingAddress,
        Country = client.Country,
        VatId = client.VatId,
        BillingEmails = client.BillingEmails,
        Phone = client.Phone,
        Website = client.Website,
        Currency = client.Currency,
        DocumentLanguage = client.DocumentLanguage,
        Tags = Kernel.Common.Tags.Display(client.Tags),
        Notes = client.Notes,
        ResponsibleManagerId = client.ResponsibleManagerId,
        ManagerIds = managers.ToList(),
    };

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>What the contact form edits; shared by create and edit.</summary>
public sealed class ContactInput
{
    [Required(ErrorMessage = "Enter the first name.")]
    [StringLength(Limits.PersonName, ErrorMessage = "Use at most {1} characters.")]
    public string FirstName { get; set; } = "";

    [Required(ErrorMessage = "Enter the last name.")]
    [StringLength(Limits.PersonName, ErrorMessage = "Use at most {1} characters.")]
    public string LastName { get; set; } = "";

    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(Limits.Email, ErrorMessage = "Use at most {1} characters.")]
    public string? Email { get; set; }

    [StringLength(Limits.Short, ErrorMessage = "Use at most {1} characters.")]
    public string? Phone { get; set; }

    [StringLength(Limits.Name, ErrorMessage = "Use at most {1} characters.")]
    public string? Position { get; set; }

    public Guid? ClientId { get; set; }

    public bool IsRepresentative { get; set; }

    public Guid OwnerId { get; set; }

    public List<Guid> AssigneeIds { get; set; } = [];

    [StringLength(Limits.Tags, ErrorMessage = "Use at most {1} characters.")]
    public string? Tags { get; set; }

    [StringLength(Limits.Notes, ErrorMessage = "Use at most {1} characters.")]
    [DataType(DataType.MultilineText)]
    public string? Notes { get; set; }

    public void ApplyTo(Contact contact)
    {
        contact.FirstName = FirstName.Trim();
        contact.LastName = LastName.Trim();
        contact.Email = ClientInput.Blank(Email);
        contact.EmailNormalized = contact.Email?.ToUpperInvariant();
        contact.Phone = ClientInput.Blank(Phone);
        contact.Position = ClientInput.Blank(Position);
        contact.ClientId = ClientId;
        contact.IsRepresentative = IsRepresentative;
        contact.Tags = Kernel.Common.Tags.Normalize(Tags);
        contact.Notes = ClientInput.Blank(Notes);
    }

    public static ContactInput From(Contact contact, IEnumerable<Guid> assignees) => new()
    {
        FirstName = contact.FirstName,
        LastName = contact.LastName,
        Email = contact.Email,
        Phone = contact.Phone,
        Position = contact.Position,
        ClientId = contact.ClientId,
        IsRepresentative = contact.IsRepresentative,
        OwnerId = contact.OwnerId,
        AssigneeIds = assignees.ToList(),
        Tags = Kernel.Common.Tags.Display(contact.Tags),
        Notes = contact.Notes,
    };
}

/// <summary>The client's first contact, entered on the create-client form; optional.</summary>
public sealed class RepresentativeInput : IValidatableObject
{
    [StringLength(Limits.PersonName, ErrorMessage = "Use at most {1} characters.")]
    public string? FirstName { get; set; }

    [StringLength(Limits.PersonName, ErrorMessage = "Use at most {1} characters.")]
    public string? LastName { get; set; }

    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(Limits.Email, ErrorMessage = "Use at most {1} characters.")]
    public string? Email { get; set; }

    public bool IsGiven => !string.IsNullOrWhiteSpace(FirstName) || !string.IsNullOrWhiteSpace(LastName) || !string.IsNullOrWhiteSpace(Email);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsGiven && string.IsNullOrWhiteSpace(LastName))
        {
            var l = validationContext.GetService(typeof(IStringLocalizer<SharedResource>)) as IStringLocalizer<SharedResource>;
            const string message = "Enter the last name.";
            yield return new ValidationResult(l?[message] ?? message, [nameof(LastName)]);
        }
    }

    public ContactInput ToContact(Guid clientId, Guid ownerId) => new()
    {
        FirstName = FirstName?.Trim() ?? "",
        LastName = LastName?.Trim() ?? "",
        Email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim(),
        ClientId = clientId,
        IsRepresentative = true,
        OwnerId = ownerId,
    };
}
