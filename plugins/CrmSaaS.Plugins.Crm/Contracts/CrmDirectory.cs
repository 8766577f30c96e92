using System.Linq.Expressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmSaaS.Plugins.Crm.Contracts;

public enum ClientStatus
{
    Lead = 0,
    Active = 1,
    Inactive = 2,
}

/// <summary>A client as other plugins see it: read-only, the current team's only.</summary>
public sealed class ClientView
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public ClientStatus Status { get; init; }
    /// <summary>ISO 4217: projects, rates and invoices of the client are in it.</summary>
    public string Currency { get; init; } = "";
    /// <summary>"en" or "de".</summary>
    public string DocumentLanguage { get; init; } = "";
    public Guid ResponsibleManagerId { get; init; }
    public string? Country { get; init; }
    public string? VatId { get; init; }
    public string? BillingEmails { get; init; }
    public string? BillingAddress { get; init; }
}

/// <summary>A member who manages a client besides the responsible one.</summary>
public sealed class ClientManagerView
{
    public Guid ClientId { get; init; }
    public Guid UserId { get; init; }
}

/// <summary>A contact as other plugins see it.</summary>
public sealed class ContactView
{
    public Guid Id { get; init; }
    public Guid? ClientId { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string? Email { get; init; }
    /// <summary>Speaks for their client (onboarding invites them).</summary>
    public bool IsRepresentative { get; init; }

    /// <summary>First and last name (in memory; queries select the two fields).</summary>
    public string FullName => $"{FirstName} {LastName}".Trim();
}

/// <summary>
/// The CRM's data for other plugins, as queryables that compose into their own queries (a join on
/// client names stays one SQL statement) and are never tracked, so they cannot be changed through it.
/// </summary>
public interface ICrmDirectory
{
    IQueryable<ClientView> Clients { get; }
    IQueryable<ClientManagerView> ClientManagers { get; }
    IQueryable<ContactView> Contacts { get; }
}

internal sealed class CrmDirectory(AppDbContext db) : ICrmDirectory
{
    public IQueryable<ClientView> Clients => db.Set<Client>().AsNoTracking().Select(c => new ClientView
    {
        Id = c.Id, Name = c.Name, Status = c.Status, Currency = c.Currency, DocumentLanguage = c.DocumentLanguage, ResponsibleManagerId = c.ResponsibleManagerId,
        Country = c.Country, VatId = c.VatId, BillingEmails = c.BillingEmails, BillingAddress = c.BillingAddress,
    });

    public IQueryable<ClientManagerView> ClientManagers => db.Set<ClientManager>().AsNoTracking().Select(m => new ClientManagerView { ClientId = m.ClientId, UserId = m.UserId });

    public IQueryable<ContactView> Contacts => db.Set<Contact>().AsNoTracking().Select(c => new ContactView
    {
        Id = c.Id, ClientId = c.ClientId, FirstName = c.FirstName, LastName = c.LastName, Email = c.Email, IsRepresentative = c.IsRepresentative,
    });
}

/// <summary>Foreign keys from other plugins' entities to the CRM's, so the database keeps them consistent.</summary>
public static class CrmReferences
{
    public static ReferenceCollectionBuilder ReferencesClient<T>(this EntityTypeBuilder<T> entity, Expression<Func<T, object?>> foreignKey, DeleteBehavior onDelete)
        where T : class => entity.References(typeof(Client), foreignKey, onDelete);

    public static ReferenceCollectionBuilder ReferencesContact<T>(this EntityTypeBuilder<T> entity, Expression<Func<T, object?>> foreignKey, DeleteBehavior onDelete)
        where T : class => entity.References(typeof(Contact), foreignKey, onDelete);
}
