using System.Globalization;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// Model binding that never turns a value it could not read into a default. Every field that failed
/// to bind (unparseable, an undefined enum value, a date outside <see cref="MinYear"/>–<see cref="MaxYear"/>,
/// a number not written in the user's culture) is recorded; <see cref="DomainExceptionPageFilter"/>
/// then refuses an unsafe request before its handler runs.
/// </summary>
public static class StrictBinding
{
    public const int MinYear = 1900;
    public const int MaxYear = 2200;

    private static readonly object FailuresKey = new();

    public static void AddTo(MvcOptions options, IStringLocalizer localizer)
    {
        options.ModelBinderProviders.Insert(0, new CultureDecimalBinderProvider());
        options.ModelBinderProviders.Insert(0, new DefinedEnumBinderProvider());
        for (var i = 0; i < options.ModelBinderProviders.Count; i++)
        {
            options.ModelBinderProviders[i] = new TrackingProvider(options.ModelBinderProviders[i], localizer);
        }

        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => localizer["The value '{0}' is not valid for {1}.", value, field]);
        messages.SetValueIsInvalidAccessor(value => localizer["The value '{0}' is not valid.", value]);
        messages.SetUnknownValueIsInvalidAccessor(field => localizer["The value given for {0} is not valid.", field]);
        messages.SetValueMustBeANumberAccessor(field => localizer["{0} must be a number.", field]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => localizer["The value '{0}' is not valid.", value]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => localizer["The value given is not valid."]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => localizer["The field must be a number."]);
        messages.SetValueMustNotBeNullAccessor(value => localizer["A value is required."]);
        messages.SetMissingBindRequiredValueAccessor(field => localizer["{0} is required.", field]);
        messages.SetMissingKeyOrValueAccessor(() => localizer["A value is required."]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => localizer["A value is required."]);
    }

    /// <summary>The model-state keys of the fields this request failed to bind.</summary>
    public static IReadOnlyCollection<string> Failures(HttpContext http) =>
        http.Items.TryGetValue(FailuresKey, out var failures) ? (HashSet<string>)failures! : [];

    private static void Record(HttpContext http, string key)
    {
        if (!http.Items.TryGetValue(FailuresKey, out var failures))
        {
            http.Items[FailuresKey] = failures = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        ((HashSet<string>)failures!).Add(key);
    }

    private sealed class TrackingProvider(IModelBinderProvider inner, IStringLocalizer localizer) : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context)
        {
            var binder = inner.GetBinder(context);
            return binder is null || context.Metadata.IsComplexType ? binder : new TrackingBinder(binder, localizer);
        }
    }

    private sealed class TrackingBinder(IModelBinder inner, IStringLocalizer localizer) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var modelState = bindingContext.ModelState;
            var before = modelState.ErrorCount;
            await inner.BindModelAsync(bindingContext);
            var key = bindingContext.ModelName;
            var type = Nullable.GetUnderlyingType(bindingContext.ModelType) ?? bindingContext.ModelType;

            // A handler argument such as a date or a role that was not sent at all is not its default.
            if (modelState.ErrorCount == before && !bindingContext.Result.IsModelSet && bindingContext.IsTopLevelObject
                && bindingContext.ModelMetadata.MetadataKind == ModelMetadataKind.Parameter
                && bindingContext.ModelType.IsValueType && Nullable.GetUnderlyingType(bindingContext.ModelType) is null)
            {
                modelState.TryAddModelError(key, bindingContext.ModelMetadata.ModelBindingMessageProvider.MissingBindRequiredValueAccessor(bindingContext.ModelMetadata.GetDisplayName()));
            }

            if (modelState.ErrorCount == before && bindingContext.Result.IsModelSet && OutOfRange(bindingContext.Result.Model))
            {
                modelState.TryAddModelError(key, localizer["Enter a date between {0} and {1}.", MinYear, MaxYear]);
                bindingContext.Result = ModelBindingResult.Failed();
            }

            if (modelState.ErrorCount == before && bindingContext.Result.Model is string text
                && TextRules.Check(text, multiline: bindingContext.ModelMetadata.DataTypeName == nameof(System.ComponentModel.DataAnnotations.DataType.MultilineText)) is { } problem)
            {
                modelState.TryAddModelError(key, problem == TextRules.Problem.LineBreak
                    ? localizer["Use a single line here."]
                    : localizer["Remove the invisible control characters from this text."]);
                bindingContext.Result = ModelBindingResult.Failed();
            }

            if (modelState.ErrorCount == before)
            {
                return;
            }

            Record(bindingContext.HttpContext, key);
            if (type == typeof(bool))
            {
                // A checkbox shown again must not try to read "maybe" as its state.
                modelState.SetModelValue(key, rawValue: null, attemptedValue: null);
            }
        }

        private static bool OutOfRange(object? model) => model switch
        {
            DateOnly d => d.Year is < MinYear or > MaxYear,
            DateTime d => d.Year is < MinYear or > MaxYear,
            DateTimeOffset d => d.Year is < MinYear or > MaxYear,
            _ => false,
        };
    }

    /// <summary>
    /// The trimmed text sent for a field, recorded in model state; null when nothing was sent, or when
    /// it was empty (then an error for a non-nullable field, else the field is set to null).
    /// </summary>
    private static (string? Text, ValueProviderResult Result) ReadText(ModelBindingContext bindingContext)
    {
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None)
        {
            return (null, result);
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
        var text = result.FirstValue?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            return (text, result);
        }

        if (!bindingContext.ModelMetadata.IsReferenceOrNullableType)
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                bindingContext.ModelMetadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(result.ToString()));
        }

        bindingContext.Result = ModelBindingResult.Success(null);
        return (null, result);
    }

    private sealed class DefinedEnumBinderProvider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.UnderlyingOrModelType is { IsEnum: true } type && !type.IsDefined(typeof(FlagsAttribute), false) ? new DefinedEnumBinder(type) : null;
    }

    /// <summary>
    /// An enum by one of its names (any case) or the number of a defined member: "God", "99", "-1" and
    /// combinations such as "OrganizationManager,SalesManager" are refused.
    /// </summary>
    private sealed class DefinedEnumBinder(Type type) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            if (ReadText(bindingContext) is not ({ } text, var result))
            {
                return Task.CompletedTask;
            }

            var name = Enum.GetNames(type).FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            object? value = name is not null ? Enum.Parse(type, name)
                : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined(type, Convert.ChangeType(number, Enum.GetUnderlyingType(type), CultureInfo.InvariantCulture))
                    ? Enum.ToObject(type, number)
                    : null;
            if (value is null)
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                    bindingContext.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text, bindingContext.ModelMetadata.GetDisplayName()));
            }
            else
            {
                bindingContext.Result = ModelBindingResult.Success(value);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class CultureDecimalBinderProvider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.UnderlyingOrModelType == typeof(decimal) ? new CultureDecimalBinder() : null;
    }

    /// <summary>
    /// A decimal as the user writes it (form posts are read in the user's culture, query strings in the
    /// invariant one): "1,5" is one and a half in German and refused in English; group
    /// separators count only between groups of three digits ("1,500" in English, "1.500" in German).
    /// </summary>
    public sealed class CultureDecimalBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            if (ReadText(bindingContext) is not ({ } text, var result))
            {
                return Task.CompletedTask;
            }

            if (TryParse(text, result.Culture, out var value))
            {
                bindingContext.Result = ModelBindingResult.Success(value);
            }
            else
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                    bindingContext.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text, bindingContext.ModelMetadata.GetDisplayName()));
            }

            return Task.CompletedTask;
        }

        public static bool TryParse(string text, CultureInfo culture, out decimal value)
        {
            value = 0;
            var format = culture.NumberFormat;
            var group = Regex.Escape(format.NumberGroupSeparator);
            var point = Regex.Escape(format.NumberDecimalSeparator);
            var pattern = $@"^[-+]?(\d+|\d{{1,3}}({group}\d{{3}})+)({point}\d+)?$";
            return Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(50))
                && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, culture, out value);
        }
    }
}
