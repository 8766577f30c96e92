using System.Net.Http.Headers;

namespace CrmSaaS.Tests.Infrastructure;

/// <summary>One server-sent event as a browser's EventSource receives it.</summary>
public sealed record LiveItem(string? Id, string Event, string Data);

/// <summary>
/// Reads a live stream (server-sent events) over the app's HTTP client as a browser would, event by
/// event; heartbeats ("ping") are skipped.
/// </summary>
public sealed class LiveReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _stop = new();

    private LiveReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<LiveReader> OpenAsync(Browser browser, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await browser.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new LiveReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, or null when none arrives within <paramref name="timeout"/> (or the stream ends).</summary>
    public async Task<LiveItem?> NextAsync(TimeSpan? timeout = null)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        wait.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        string? id = null, name = null;
        var data = new List<string>();
        try
        {
            while (await _reader.ReadLineAsync(wait.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (name is "ping" || (name is null && data.Count == 0))
                    {
                        (id, name) = (null, null);
                        data.Clear();
                        continue;
                    }

                    return new LiveItem(id, name ?? "message", string.Join("\n", data));
                }

                var colon = line.IndexOf(':');
                var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": name = value; break;
                    case "data": data.Add(value); break;
                }
            }
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
        }

        return null;
    }

    /// <summary>Whether the server ends the stream within <paramref name="timeout"/> (what arrives before is read and dropped).</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan timeout)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        wait.CancelAfter(timeout);
        try
        {
            while (await _reader.ReadLineAsync(wait.Token) is not null)
            {
            }

            return true;
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The next event named <paramref name="name"/>, skipping others; null when none comes in time.</summary>
    public async Task<LiveItem?> NextNamedAsync(string name, TimeSpan? timeout = null)
    {
        var patience = timeout ?? TimeSpan.FromSeconds(10);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            var item = await NextAsync(patience - waited.Elapsed);
            if (item is null || item.Event == name)
            {
                return item;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _reader.Dispose();
        _response.Dispose();
        _stop.Dispose();
    }
}
