namespace CrmSaaS.Kernel.Validation;

/// <summary>
/// What no text in the product may contain: control characters and the Unicode direction overrides
/// that make "gpj.exe" read as "exe.jpg"; and, outside multi-line fields (marked
/// <c>[DataType(DataType.MultilineText)]</c>), line breaks. Forms apply it when binding; imports call it per cell.
/// </summary>
public static class TextRules
{
    public enum Problem
    {
        LineBreak,
        ControlCharacter,
    }

    public static Problem? Check(string text, bool multiline)
    {
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\u2028' or '\u2029')
            {
                if (!multiline)
                {
                    return Problem.LineBreak;
                }
            }
            else if ((char.IsControl(c) && c != '\t') || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C')
            {
                return Problem.ControlCharacter;
            }
        }

        return null;
    }
}
