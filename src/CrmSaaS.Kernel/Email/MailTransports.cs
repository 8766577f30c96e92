using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CrmSaaS.Kernel.Email;

public sealed class MailOptions
{
    /// <summary>SMTP server; when empty, mail is written as .eml files to <see cref="PickupDirectory"/>.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>None, StartTls, SslOnConnect or Auto.</summary>
    public string Security { get; set; } = "Auto";
    public string From { get; set; } = "CrmSaaS <no-reply@crmsaas.local>";
    public string PickupDirectory { get; set; } = "data/mail";
}

public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

public sealed class SmtpMailTransport(MailOptions options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(options.Security, true, out var s) ? s : SecureSocketOptions.Auto;
        await client.ConnectAsync(options.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(options.User))
        {
            await client.AuthenticateAsync(options.User, options.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

/// <summary>Development transport: every message becomes an .eml file that any mail client opens.</summary>
public sealed class PickupDirectoryMailTransport(MailOptions options, TimeProvider clock) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.PickupDirectory);
        var path = Path.Combine(options.PickupDirectory, $"{clock.GetUtcNow():yyyyMMddHHmmss}-{message.MessageId}.eml");
        await message.WriteToAsync(path, cancellationToken);
    }
}
