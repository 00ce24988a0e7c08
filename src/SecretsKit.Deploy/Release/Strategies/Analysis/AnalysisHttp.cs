using System.Net;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Deploy.Release.Strategies.Analysis;

/// <summary>
/// The HTTP client of the <c>http</c> and <c>prometheus</c> checks: URLs the operator wrote in the promotion file (so
/// loopback and cluster-internal hosts are allowed), no redirect followed (a redirect is the answer's status), no cookies,
/// no proxy from the environment for a loopback host, and a bounded body.
/// </summary>
internal static class AnalysisHttp
{
    /// <summary>The largest body read (an answer past it fails the check).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each check's timeout cancels it
    };

    /// <summary>One GET: its status and (up to <see cref="MaxBodyBytes"/>) body.</summary>
    public static async Task<(int Status, byte[] Body)> GetAsync(Uri url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var body = await BoundedBody.ReadAsync(response, MaxBodyBytes,
            () => new HttpRequestException($"the answer of {Shown(url)} is larger than {MaxBodyBytes / 1024} KiB"), ct);
        return ((int)response.StatusCode, body);
    }

    /// <summary>The URL as output shows it: scheme, host, port and path, without its query (which may carry a token).</summary>
    public static string Shown(Uri url) => url.GetLeftPart(UriPartial.Path);
}
