using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Web.Pages;

[AllowAnonymous]
[AnySite]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code) => Code = code;

    // Re-executed after a failed POST, so the error page answers every method.
    public void OnPost(int code) => Code = code;
}
