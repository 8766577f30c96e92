namespace CrmSaaS.Kernel.Security;

/// <summary>
/// Who acts when no person does: a scheduled job or an event handler, by name, holding exactly the
/// permissions it was given. While one is current, <see cref="ICurrentUser"/> answers for it (never
/// for an HTTP user the flow may have come from), and the audit log names it ("system: weekly invoice run").
/// </summary>
public sealed class SystemActor
{
    private static readonly AsyncLocal<SystemActor?> Holder = new();

    private SystemActor(string name, IReadOnlySet<string> permissions)
    {
        Name = name;
        Permissions = permissions;
    }

    public static SystemActor? Current => Holder.Value;

    public string Name { get; }

    public IReadOnlySet<string> Permissions { get; }

    public string DisplayName => "system: " + Name;

    /// <summary>Acts as <paramref name="name"/> with <paramref name="permissions"/> until disposed.</summary>
    public static IDisposable Begin(string name, IEnumerable<string> permissions)
    {
        var previous = Holder.Value;
        Holder.Value = new SystemActor(name, permissions.ToHashSet(StringComparer.Ordinal));
        return new Restore(previous);
    }

    /// <summary>Acts as what <see cref="ActsAsAttribute"/> on <paramref name="workType"/> names.</summary>
    public static IDisposable Begin(Type workType)
    {
        var identity = ActsAsAttribute.Of(workType);
        return Begin(identity.Name, identity.Permissions);
    }

    private sealed class Restore(SystemActor? previous) : IDisposable
    {
        public void Dispose() => Holder.Value = previous;
    }
}

/// <summary>
/// On a job or an event handler: the name it acts under and the permissions it holds. Every piece of
/// background work declares one (an architecture test checks it).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ActsAsAttribute(string name, params string[] permissions) : Attribute
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Permissions { get; } = permissions;

    public static ActsAsAttribute Of(Type workType) =>
        (ActsAsAttribute?)GetCustomAttribute(workType, typeof(ActsAsAttribute))
        ?? throw new InvalidOperationException($"{workType.Name} runs in the background but declares no [ActsAs] identity.");
}

/// <summary>A handler that needs a signed-in person ran without one (as a system actor, or signed out).</summary>
public sealed class SignedInUserRequiredException(string? actor)
    : Exception(actor is null
        ? "This action needs a signed-in person, and nobody is signed in."
        : $"This action needs a signed-in person; it ran as '{actor}', which has none.");
