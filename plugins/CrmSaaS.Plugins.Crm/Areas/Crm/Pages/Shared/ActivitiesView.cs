using CrmSaaS.Plugins.Crm.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Shared;

/// <summary>The model of the shared activity timeline partial.</summary>
public sealed record ActivitiesView(IReadOnlyList<ActivityRow> Items, bool CanLog, bool ShowContact, ActivityInput Form, ModelStateDictionary ModelState)
{
    public string? Error(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
