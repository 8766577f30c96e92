using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// Gives every new client its invoice settings, inside the client's creating transaction (form,
/// CSV import and demo alike); a second run finds them and adds nothing.
/// </summary>
public sealed class OnClientCreatedAddBillingSettings(AppDbContext db) : IListener<ClientCreated>
{
    public async Task HandleAsync(ClientCreated broadcasted)
    {
        if (await db.Set<ClientBillingSettings>().AnyAsync(s => s.ClientId == broadcasted.ClientId))
        {
            return;
        }

        db.Add(new ClientBillingSettings { ClientId = broadcasted.ClientId });
        await db.SaveChangesAsync();
    }
}
