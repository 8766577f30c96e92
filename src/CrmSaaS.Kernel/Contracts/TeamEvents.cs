using CrmSaaS.Kernel.Security;
using Mediator;

namespace CrmSaaS.Kernel.Contracts;

/// <summary>
/// A team was signed up. Published inside the sign-up's unit of work, before its one SaveChanges,
/// so whatever handlers add (emails, defaults) is saved with the team or not at all.
/// </summary>
public sealed record TeamSignedUp(Guid TenantId, string Identifier, string TeamName, Guid OwnerUserId, string OwnerEmail) : INotification;

/// <summary>Someone joined a team by accepting an invitation; published before the join is saved.</summary>
public sealed record MemberJoined(Guid TenantId, Guid UserId, string DisplayName, TeamRole Role, Guid InvitedByUserId) : INotification;
