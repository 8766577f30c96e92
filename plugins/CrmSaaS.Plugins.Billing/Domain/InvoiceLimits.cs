namespace CrmSaaS.Plugins.Billing.Domain;

public static class InvoiceLimits
{
    public const int Description = 500;
    /// <summary>Lines one invoice may carry (a long month of daily lines for many projects fits).</summary>
    public const int Lines = 2000;
    /// <summary>The largest amount a manual line or a total may reach, in major units.</summary>
    public const decimal MaxAmount = 100_000_000m;
}

public static class BillingProfileLimits
{
    public const int Name = 200;
    public const int Footer = 1000;
    public const int EmailBody = 4000;
    public const int LogoBytes = 512 * 1024;
}

public static class InvoiceStates
{
    /// <summary>Overdue: issued, sent or partly paid, and past its due date in the team's time zone.</summary>
    public static bool IsOverdue(InvoiceStatus status, DateOnly? due, DateOnly today) =>
        status is InvoiceStatus.Issued or InvoiceStatus.Sent or InvoiceStatus.PartiallyPaid && due is { } d && d < today;

    /// <summary>The state's name as the UI shows it (a key of the shared texts).</summary>
    public static string Label(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Draft => "Draft",
        InvoiceStatus.Issued => "Issued",
        InvoiceStatus.Sent => "Sent",
        InvoiceStatus.PartiallyPaid => "Partially paid",
        InvoiceStatus.Paid => "Paid",
        _ => "Cancelled",
    };
}
