using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Portal.Domain;
using Mediator;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages.Team;

/// <summary>The team gives a contact portal access and roles (client admin, billing contact, projects), or ends them.</summary>
[RequiresPermission(PortalPermissions.TeamManage)]
public sealed class ContactPortalModel(ClientPeople people, IMediator mediator, IStringLocalizer<SharedResource> l) : PersonPage(people, mediator, l)
{
    public override string BackUrl => $"/crm/contacts/{ContactId}";
}
