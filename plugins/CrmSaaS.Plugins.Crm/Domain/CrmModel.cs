using Microsoft.EntityFrameworkCore;
using CrmSaaS.Kernel.Data;

namespace CrmSaaS.Plugins.Crm.Domain;

internal static class CrmModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Client>(e =>
        {
            e.ToTable("CrmClients");
            e.Property(c => c.Name).HasMaxLength(Limits.Name);
            e.Property(c => c.NameNormalized).HasMaxLength(Limits.Name);
            e.HasIndex(c => new { c.TenantId, c.NameNormalized });
            e.Property(c => c.BillingAddress).HasMaxLength(Limits.Address);
            e.Property(c => c.Country).HasMaxLength(2);
            e.Property(c => c.VatId).HasMaxLength(Limits.Short);
            e.Property(c => c.BillingEmails).HasMaxLength(Limits.Address);
            e.Property(c => c.Phone).HasMaxLength(Limits.Short);
            e.Property(c => c.Website).HasMaxLength(Limits.Url);
            e.Property(c => c.Currency).HasMaxLength(3);
            e.Property(c => c.DocumentLanguage).HasMaxLength(2);
            e.Property(c => c.Tags).HasMaxLength(Limits.Tags);
            e.Property(c => c.Notes).HasMaxLength(Limits.Notes);
            e.HasIndex(c => new { c.TenantId, c.Name });
            e.HasIndex(c => new { c.TenantId, c.ResponsibleManagerId });
            e.HasIndex(c => new { c.TenantId, c.CreatedAt });
            e.HasIndex(c => c.ImportBatchId).HasFilter("\"ImportBatchId\" IS NOT NULL");
            e.HasMany(c => c.Managers).WithOne().HasForeignKey(m => m.ClientId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ClientManager>(e =>
        {
            e.ToTable("CrmClientManagers");
            e.HasIndex(m => new { m.TenantId, m.ClientId, m.UserId }).IsUnique();
            e.HasIndex(m => new { m.TenantId, m.UserId });
        });
        b.Entity<Contact>(e =>
        {
            e.ToTable("CrmContacts");
            e.Ignore(c => c.FullName);
            e.Property(c => c.FirstName).HasMaxLength(Limits.PersonName);
            e.Property(c => c.LastName).HasMaxLength(Limits.PersonName);
            e.Property(c => c.Email).HasMaxLength(Limits.Email);
            e.Property(c => c.EmailNormalized).HasMaxLength(Limits.Email);
            e.Property(c => c.Phone).HasMaxLength(Limits.Short);
            e.Property(c => c.Position).HasMaxLength(Limits.Name);
            e.Property(c => c.Tags).HasMaxLength(Limits.Tags);
            e.Property(c => c.Notes).HasMaxLength(Limits.Notes);
            e.HasIndex(c => new { c.TenantId, c.LastName, c.FirstName });
            e.HasIndex(c => new { c.TenantId, c.EmailNormalized });
            e.HasIndex(c => new { c.TenantId, c.OwnerId, c.LastName });
            e.HasIndex(c => new { c.TenantId, c.ClientId, c.LastName });
            e.HasIndex(c => new { c.TenantId, c.CreatedAt });
            e.HasIndex(c => c.ImportBatchId).HasFilter("\"ImportBatchId\" IS NOT NULL");
            e.HasOne(c => c.Client).WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(c => c.Assignees).WithOne().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ContactAssignee>(e =>
        {
            e.ToTable("CrmContactAssignees");
            e.HasIndex(a => new { a.TenantId, a.ContactId, a.UserId }).IsUnique();
            e.HasIndex(a => new { a.TenantId, a.UserId });
        });
        b.Entity<Activity>(e =>
        {
            e.ToTable("CrmActivities");
            e.Property(a => a.Subject).HasMaxLength(Limits.Name);
            e.Property(a => a.Text).HasMaxLength(Limits.Notes);
            e.HasIndex(a => new { a.TenantId, a.ContactId, a.OccurredAt });
            e.HasIndex(a => new { a.TenantId, a.ClientId, a.OccurredAt });
            e.HasIndex(a => new { a.TenantId, a.AuthorId, a.Done, a.DueAt });
            e.HasIndex(a => new { a.TenantId, a.OccurredAt });
            e.HasOne<Contact>().WithMany().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Client>().WithMany().HasForeignKey(a => a.ClientId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ImportBatch>(e =>
        {
            e.ToTable("CrmImportBatches");
            e.Property(i => i.FileName).HasMaxLength(Limits.Name);
            e.Property(i => i.Error).HasMaxLength(1000);
            e.HasIndex(i => new { i.TenantId, i.CreatedAt });
            e.HasIndex(i => new { i.Status, i.LeaseUntil });
        });
        b.Entity<ContactSearchToken>(e =>
        {
            e.ToTable("CrmContactSearchTokens");
            e.HasKey(t => new { t.TenantId, t.Token, t.SortKey, t.ContactId });
            // Searched as prefix ranges and ordered with U+0001 between last and first name: bytewise everywhere.
            e.Property(t => t.Token).HasMaxLength(Limits.Token).Bytewise();
            e.Property(t => t.SortKey).HasMaxLength(2 * Limits.PersonName + 1).Bytewise();
            // By contact and token, the team last: for updates and cascading deletes, and for the
            // per-contact check of a search's other terms, answered from the index alone (the team
            // filter included). A (TenantId, ContactId) index would lure the planner away from the
            // token range when a search groups by contact.
            e.HasIndex(t => new { t.ContactId, t.Token, t.TenantId });
            e.HasOne<Contact>().WithMany().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

/// <summary>Field lengths, shared by the model and the forms' validation.</summary>
public static class Limits
{
    public const int PersonName = 100;
    public const int Name = 200;
    public const int Email = 256;
    public const int Short = 50;
    public const int Url = 300;
    public const int Address = 500;
    public const int Tags = 500;
    public const int Notes = 4000;
    public const int Token = 64;
}
