namespace CrmSaaS.Kernel.Validation;

/// <summary>
/// A command's input broke a rule only the handler can check (uniqueness, state). The page
/// filter puts each message beside its field and answers 422; nothing is saved.
/// </summary>
public sealed class ValidationFailedException : Exception
{
    public ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join(" ", errors.SelectMany(e => e.Value)))
        => Errors = errors;

    public ValidationFailedException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    /// <summary>Field name (as bound on the page, e.g. "Input.Email"; "" for the whole form) → messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
