using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Portal.Domain;
using Mediator;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages.People;

/// <summary>A client admin changes a colleague's roles or removes them.</summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class PersonModel(ClientPeople people, IMediator mediator, IStringLocalizer<SharedResource> l) : PersonPage(people, mediator, l)
{
    public override string BackUrl => "/portal/people";
}
