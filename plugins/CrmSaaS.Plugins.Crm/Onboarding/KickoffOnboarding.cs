using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Crm.Onboarding;

/// <summary>The CRM's own onboarding option: a kick-off follow-up for the new client's responsible manager.</summary>
public sealed class KickoffOnboarding : IOnboardingContributor
{
    public const string Key = "Crm.KickoffFollowUp";
    public const string Subject = "Kick-off with the new client";

    public string Title => "Follow-up";

    public string PartialView => "~/Areas/Crm/Pages/Clients/_KickoffOnboarding.cshtml";

    public int Order => 0;

    public Task<IReadOnlyDictionary<string, string>> DefaultsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { [Key] = "true" });
}

/// <summary>
/// Adds the kick-off follow-up when the option is on. Runs inside the client's creating
/// transaction (its own scope and context, enlisted in the ambient transaction) and does nothing
/// the second time, so a retried onboarding never duplicates it.
/// </summary>
public sealed class OnClientCreatedAddKickoff(AppDbContext db, TimeProvider clock) : IListener<ClientCreated>
{
    public static readonly TimeSpan DueIn = TimeSpan.FromDays(3);

    public async Task HandleAsync(ClientCreated broadcasted)
    {
        if (!broadcasted.IsOn(KickoffOnboarding.Key)
            || await db.Set<Activity>().AnyAsync(a => a.ClientId == broadcasted.ClientId && a.Type == ActivityType.FollowUp && a.Subject == KickoffOnboarding.Subject))
        {
            return;
        }

        var manager = await db.Set<Client>().Where(c => c.Id == broadcasted.ClientId).Select(c => c.ResponsibleManagerId).SingleAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new Activity
        {
            Type = ActivityType.FollowUp,
            Subject = KickoffOnboarding.Subject,
            ClientId = broadcasted.ClientId,
            AuthorId = manager,
            OccurredAt = now,
            CreatedAt = now,
            DueAt = now + DueIn,
        });
        await db.SaveChangesAsync();
    }
}
