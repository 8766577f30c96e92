namespace CrmSaaS.Plugins.Billing.Domain;

public static class InvoiceLimits
{
    public const int Description = 500;
}
