using System.Net;
using System.Text.RegularExpressions;

namespace CrmSaaS.Tests.Infrastructure;

/// <summary>One user's HTTP client on one host: keeps its cookies, fetches antiforgery tokens like a browser.</summary>
public sealed partial class Browser(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path);

    public async Task<string> GetStringAsync(string path)
    {
        var response = await Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The antiforgery token of the page at <paramref name="path"/> (form field or the layout's meta tag).</summary>
    public async Task<string> TokenAsync(string path)
    {
        var html = await GetStringAsync(path);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    /// <summary>Posts a form the way a browser would: first loads the page for its token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var token = await TokenAsync(tokenFrom ?? StripQuery(path));
        return await PostWithTokenAsync(path, fields, token);
    }

    public Task<HttpResponseMessage> PostWithTokenAsync(string path, Dictionary<string, string> fields, string token)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return Client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Uploads a file with a form, like a file input does.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string path, Dictionary<string, string> fields, string fileField, string fileName, string content)
    {
        var token = await TokenAsync(StripQuery(path));
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, fileField, fileName);
        return await Client.PostAsync(path, form);
    }

    public void Dispose() => Client.Dispose();

    private static string StripQuery(string path)
    {
        var q = path.IndexOf('?');
        return q < 0 ? path : path[..q];
    }

    [GeneratedRegex("(?:name=\"__RequestVerificationToken\"[^>]*value=\"|name=\"antiforgery-token\" content=\")(?<token>[^\"]+)\"")]
    private static partial Regex TokenPattern();
}
