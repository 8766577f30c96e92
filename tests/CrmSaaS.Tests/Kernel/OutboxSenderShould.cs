using System.Net;
using System.Net.Sockets;
using System.Text;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace CrmSaaS.Tests.Kernel;

public class OutboxSenderShould(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed class FailingTransport : IMailTransport
    {
        public int Calls { get; private set; }

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            Calls++;
            throw new IOException("SMTP server unreachable");
        }
    }

    private async Task<Guid> QueueAsync(string to)
    {
        return await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            sp.GetRequiredService<IEmailOutbox>().Enqueue(to, "Hello " + to, "Plain text body");
            await db.SaveChangesAsync();
            return await db.Outbox.Where(m => m.To == to).Select(m => m.Id).SingleAsync();
        });
    }

    private Task RunAsync(IMailTransport transport, MailOptions? options = null) => app.WithScopeAsync(async sp =>
    {
        var sender = new OutboxSender(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<IUnitOfWork>(), transport, options ?? sp.GetRequiredService<MailOptions>(), app.Clock, NullLogger<OutboxSender>.Instance);
        await sender.Invoke();
    });

    private Task<OutboxMessage> MessageAsync(Guid id) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task WriteEmlFilesWhenNoSmtpServerIsConfigured()
    {
        var to = $"eml-{Guid.NewGuid():N}@mail.test";
        var id = await QueueAsync(to);

        await app.WithScopeAsync(sp => sp.GetRequiredService<OutboxSender>().Invoke());

        Assert.NotNull((await MessageAsync(id)).SentAt);
        var files = Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml");
        Assert.Contains(files, f => File.ReadAllText(f).Contains(to, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepAFailedMessageAndRetryItWithBackoff()
    {
        var to = $"retry-{Guid.NewGuid():N}@mail.test";
        var id = await QueueAsync(to);
        var failing = new FailingTransport();

        await RunAsync(failing);
        var afterFirst = await MessageAsync(id);
        Assert.Null(afterFirst.SentAt);
        Assert.Equal(1, afterFirst.Attempts);
        Assert.Contains("unreachable", afterFirst.LastError);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime + OutboxSender.Backoff(1), afterFirst.NextAttemptAt);

        var callsBefore = failing.Calls;
        await RunAsync(failing);
        Assert.Equal(callsBefore, failing.Calls);

        app.Clock.Advance(OutboxSender.Backoff(1));
        await RunAsync(failing);
        Assert.Equal(2, (await MessageAsync(id)).Attempts);

        app.Clock.Advance(OutboxSender.Backoff(2));
        await app.WithScopeAsync(sp => sp.GetRequiredService<OutboxSender>().Invoke());
        var sent = await MessageAsync(id);
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.LastError);
    }

    private sealed class CountingTransport : IMailTransport
    {
        private readonly Dictionary<string, int> _sent = [];

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            // Slow enough that two senders overlap.
            await Task.Delay(20, cancellationToken);
            lock (_sent)
            {
                var to = message.To.Mailboxes.Single().Address;
                _sent[to] = _sent.GetValueOrDefault(to) + 1;
            }
        }

        public int Count(string to)
        {
            lock (_sent)
            {
                return _sent.GetValueOrDefault(to);
            }
        }
    }

    [Fact]
    public async Task SendAttachmentsWithTheMessage()
    {
        var to = $"attach-{Guid.NewGuid():N}@mail.test";
        var pdf = "%PDF-1.7 invoice"u8.ToArray();
        await app.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<IEmailOutbox>().Enqueue(to, "Your invoice", "Attached.", attachments:
                [new EmailAttachment("RE-2026-00001.pdf", "application/pdf", pdf), new EmailAttachment("RE-2026-00001.xml", "application/xml", "<Invoice/>"u8.ToArray())]);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        await app.WithScopeAsync(sp => sp.GetRequiredService<OutboxSender>().Invoke());

        var eml = Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.To.Mailboxes.Any(x => x.Address == to));
        var attachments = eml.Attachments.OfType<MimePart>().ToDictionary(a => a.FileName ?? "");
        Assert.Equal(["RE-2026-00001.pdf", "RE-2026-00001.xml"], attachments.Keys.Order());
        using var content = new MemoryStream();
        await attachments["RE-2026-00001.pdf"].Content!.DecodeToAsync(content);
        Assert.Equal(pdf, content.ToArray());
        Assert.Equal("application/pdf", attachments["RE-2026-00001.pdf"].ContentType.MimeType);
    }

    [Fact]
    public async Task NeverSendAMessageTwiceWhenTwoSendersRunAtOnce()
    {
        var addresses = Enumerable.Range(0, 12).Select(i => $"race{i}-{Guid.NewGuid():N}@mail.test").ToList();
        foreach (var to in addresses)
        {
            await QueueAsync(to);
        }

        var transport = new CountingTransport();
        await Task.WhenAll(Task.Run(() => RunAsync(transport)), Task.Run(() => RunAsync(transport)), Task.Run(() => RunAsync(transport)));

        Assert.All(addresses, to => Assert.Equal(1, transport.Count(to)));
    }

    [Fact]
    public async Task LeaveAClaimedMessageToItsSenderUntilTheClaimExpires()
    {
        var to = $"claimed-{Guid.NewGuid():N}@mail.test";
        var id = await QueueAsync(to);
        await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Outbox.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, Guid.NewGuid()).SetProperty(m => m.ClaimedUntil, app.Clock.GetUtcNow().UtcDateTime + OutboxSender.ClaimLifetime)));
        var transport = new CountingTransport();

        await RunAsync(transport);
        Assert.Equal(0, transport.Count(to));

        // A sender that crashed after claiming never sends it; once the claim expires, another one does.
        app.Clock.Advance(OutboxSender.ClaimLifetime + TimeSpan.FromSeconds(1));
        await RunAsync(transport);
        Assert.Equal(1, transport.Count(to));
        Assert.NotNull((await MessageAsync(id)).SentAt);
    }

    [Fact]
    public async Task GiveUpAfterTheLastAttemptAndKeepTheMessage()
    {
        var to = $"dead-{Guid.NewGuid():N}@mail.test";
        var id = await QueueAsync(to);
        var failing = new FailingTransport();

        for (var attempt = 1; attempt <= OutboxSender.MaxAttempts; attempt++)
        {
            await RunAsync(failing);
            app.Clock.Advance(OutboxSender.Backoff(attempt));
        }

        var dead = await MessageAsync(id);
        Assert.Equal(OutboxSender.MaxAttempts, dead.Attempts);
        Assert.NotNull(dead.DeadAt);
        Assert.Null(dead.SentAt);
        var calls = failing.Calls;
        app.Clock.Advance(OutboxSender.MaxBackoff);
        await RunAsync(failing);
        Assert.Equal(calls, failing.Calls);
    }

    [Fact]
    public void BackOffExponentiallyUpToACap()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), OutboxSender.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(60), OutboxSender.Backoff(2));
        Assert.Equal(TimeSpan.FromSeconds(120), OutboxSender.Backoff(3));
        Assert.Equal(OutboxSender.MaxBackoff, OutboxSender.Backoff(40));
    }

    [Fact]
    public async Task SendThroughSmtpWhenAServerIsConfigured()
    {
        using var server = new TinySmtpServer();
        var to = $"smtp-{Guid.NewGuid():N}@mail.test";
        var id = await QueueAsync(to);
        var options = new MailOptions { Host = "127.0.0.1", Port = server.Port, Security = "None", From = "CrmSaaS <no-reply@crmsaas.test>" };

        await RunAsync(new SmtpMailTransport(options), options);

        Assert.NotNull((await MessageAsync(id)).SentAt);
        var received = await server.ReceivedAsync();
        Assert.Contains($"RCPT TO:<{to}>", received);
        Assert.Contains("Subject: Hello " + to, received);
    }

    /// <summary>Just enough SMTP for one message on loopback: the edge of the world, faked.</summary>
    private sealed class TinySmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task<string> _session;

        public TinySmtpServer()
        {
            _listener.Start();
            _session = Task.Run(ServeOneAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<string> ReceivedAsync() => _session.WaitAsync(TimeSpan.FromSeconds(10));

        private async Task<string> ServeOneAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            var log = new StringBuilder();
            await writer.WriteLineAsync("220 localhost ready");
            var inData = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                log.AppendLine(line);
                if (inData)
                {
                    if (line == ".")
                    {
                        inData = false;
                        await writer.WriteLineAsync("250 queued");
                    }

                    continue;
                }

                var command = line.Split(' ')[0].ToUpperInvariant();
                switch (command)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "DATA":
                        inData = true;
                        await writer.WriteLineAsync("354 end with .");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return log.ToString();
                    default:
                        await writer.WriteLineAsync("250 ok");
                        break;
                }
            }

            return log.ToString();
        }

        public void Dispose() => _listener.Stop();
    }
}
