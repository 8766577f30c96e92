using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace CrmSaaS.Kernel.Plugins;

/// <summary>
/// Binds a filter object (a list's query) from the query string for an endpoint, as a page binds it:
/// parameters that are not given keep the object's defaults; a parameter that does not convert is
/// an error, never a silent default.
/// </summary>
public static class QueryBinding
{
    public static bool TryBind<T>(IQueryCollection query, out T value, out string? error)
        where T : new()
    {
        value = new T();
        error = null;
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (!query.TryGetValue(property.Name, out var raw) || raw.Count == 0 || string.IsNullOrEmpty(raw[^1]))
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!TryConvert(raw[^1]!, type, out var converted))
            {
                error = $"'{property.Name}' has an invalid value.";
                return false;
            }

            property.SetValue(value, converted);
        }

        return true;
    }

    private static bool TryConvert(string raw, Type type, out object? value)
    {
        value = null;
        if (type.IsEnum)
        {
            if (Enum.TryParse(type, raw, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!) && !int.TryParse(raw, out _))
            {
                value = parsed;
                return true;
            }

            return false;
        }

        if (type == typeof(bool))
        {
            // A checkbox sends "true"; a hidden companion may send "false" after it.
            value = raw.Equals("true", StringComparison.OrdinalIgnoreCase) || raw == "on";
            return value is true || raw.Equals("false", StringComparison.OrdinalIgnoreCase);
        }

        try
        {
            value = TypeDescriptor.GetConverter(type).ConvertFromString(null, CultureInfo.InvariantCulture, raw);
            return value is not null;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException || ex.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }
}
