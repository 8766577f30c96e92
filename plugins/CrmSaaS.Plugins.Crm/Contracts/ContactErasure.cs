namespace CrmSaaS.Plugins.Crm.Contracts;

/// <summary>The person whose personal data is being erased: their contact, address and name as they were.</summary>
public sealed record ErasedContact(Guid ContactId, Guid? ClientId, string? Email, string Name);

/// <summary>
/// A plugin's part of erasing a contact's personal data (the right to erasure). Each implementation
/// runs inside the erasing unit of work, so the erasure happens everywhere or nowhere, and removes or
/// anonymizes what it keeps about the person — invitations, access, addresses it sent to — keeping
/// records the team must retain (issued invoices) with the person taken out.
/// </summary>
public interface IContactErasure
{
    /// <summary>Erases; returns what was done, in words ("2 project invitations removed"), or null when nothing was kept.</summary>
    Task<string?> EraseAsync(ErasedContact contact, CancellationToken cancellationToken);
}
