using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm;

/// <summary>Logging activities and ticking off follow-ups, shared by the contact and client pages.</summary>
public static class Activities
{
    [RequiresPermission(CrmPermissions.ActivitiesLog)]
    public sealed record Log(Guid? ContactId, Guid? ClientId, ActivityInput Input) : IRequest<Guid>;

    [RequiresPermission(CrmPermissions.ActivitiesLog)]
    public sealed record SetDone(Guid ActivityId, bool Done) : IRequest;

    [RequiresPermission(CrmPermissions.Read)]
    public sealed record Timeline(Guid? ContactId, Guid? ClientId, int Take = 50) : IQuery<IReadOnlyList<ActivityRow>>;

    public sealed class Handlers(AppDbContext db, CrmAccess access, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IRequestHandler<Log, Guid>, IRequestHandler<SetDone>, IQueryHandler<Timeline, IReadOnlyList<ActivityRow>>
    {
        public async ValueTask<Guid> Handle(Log command, CancellationToken cancellationToken)
        {
            var clientId = command.ClientId;
            if (command.ContactId is { } contactId)
            {
                var contact = await db.Set<Contact>().Where(c => c.Id == contactId).Select(c => new { c.ClientId }).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new NotFoundException("Contact");
                clientId ??= contact.ClientId;
            }
            else if (clientId is null || !await db.Set<Client>().AnyAsync(c => c.Id == clientId, cancellationToken))
            {
                throw new NotFoundException("Client");
            }

            var input = command.Input;
            var now = clock.GetUtcNow().UtcDateTime;
            var occurred = input.OccurredAt?.ToUniversalTime() ?? now;
            if (occurred > now.AddDays(1))
            {
                throw new ValidationFailedException("Activity.OccurredAt", l["An activity that happened cannot be in the future; log a follow-up instead."]);
            }

            if (input.Type == ActivityType.FollowUp && input.DueOn is null)
            {
                throw new ValidationFailedException("Activity.DueOn", l["A follow-up needs a due date."]);
            }

            var activity = new Activity
            {
                Type = input.Type,
                Subject = input.Subject.Trim(),
                Text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text.Trim(),
                OccurredAt = occurred,
                DueAt = input.Type == ActivityType.FollowUp ? input.DueOn!.Value.ToDateTime(new TimeOnly(23, 59), DateTimeKind.Utc) : null,
                ContactId = command.ContactId,
                ClientId = command.ContactId is null ? clientId : clientId,
                AuthorId = access.Me,
                CreatedAt = now,
            };
            db.Add(activity);
            await db.SaveChangesAsync(cancellationToken);
            return activity.Id;
        }

        public async ValueTask<Unit> Handle(SetDone command, CancellationToken cancellationToken)
        {
            var activity = await db.Set<Activity>().SingleOrDefaultAsync(a => a.Id == command.ActivityId, cancellationToken)
                ?? throw new NotFoundException("Activity");
            if (activity.Type != ActivityType.FollowUp)
            {
                throw new ValidationFailedException("", l["Only follow-ups can be ticked off."]);
            }

            activity.Done = command.Done;
            activity.DoneAt = command.Done ? clock.GetUtcNow().UtcDateTime : null;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<IReadOnlyList<ActivityRow>> Handle(Timeline query, CancellationToken cancellationToken)
        {
            var activities = db.Set<Activity>().AsNoTracking();
            activities = query.ContactId is { } contactId
                ? activities.Where(a => a.ContactId == contactId)
                : activities.Where(a => a.ClientId == query.ClientId);
            var contacts = db.Set<Contact>();
            return await activities
                .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
                .Take(query.Take)
                .Select(a => new ActivityRow(a.Id, a.Type, a.Subject, a.Text, a.OccurredAt, a.DueAt, a.Done,
                    db.Users.Where(u => u.Id == a.AuthorId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                    a.ContactId, contacts.Where(c => c.Id == a.ContactId).Select(c => c.FirstName + " " + c.LastName).FirstOrDefault()))
                .ToListAsync(cancellationToken);
        }
    }
}
