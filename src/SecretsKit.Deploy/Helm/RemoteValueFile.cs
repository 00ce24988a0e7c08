using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// A value file behind an <c>http(s)://</c> URL, as helm-secrets fetches it: credentials from the URL's
/// <c>user:password@</c> part (sent as Basic auth, never printed) or from the <c>.netrc</c> that <c>NETRC</c> names
/// (default <c>~/.netrc</c>); <c>${VAR}</c> in the URL expanded only with <c>HELM_SECRETS_URL_VARIABLE_EXPANSION=true</c>.
/// The content stays in memory: the caller decrypts it or hands the URL to helm.
/// </summary>
public static partial class RemoteValueFile
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Whether <paramref name="spec"/> is a URL this class fetches (other schemes belong to helm's getters).</summary>
    public static bool IsHttp(string spec) =>
        spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The error for a <c>secrets://</c> file behind a scheme other than http(s) (helm's own getters: git, s3, oci…).</summary>
    public static SecretsKitException NotFetched(string url) =>
        new(ExitCodes.Generic, $"only http(s) remote files are fetched for decryption, not {Redact(url)}",
            "fetch the file first (e.g. in a CI step) and pass the local copy");

    /// <summary>The URL with every <c>user:password@</c> (also in a nested URL) replaced by <c>***@</c>, for messages.</summary>
    public static string Redact(string url) => UserInfo().Replace(url, "://***@");

    /// <summary>The file name of the URL's path (for format detection by extension).</summary>
    public static string FileName(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Path.GetFileName(uri.AbsolutePath) : Path.GetFileName(url);

    public static async Task<byte[]> FetchAsync(string url, IEnvironment environment, CancellationToken ct)
    {
        var expanded = IsTrue(environment.Get("HELM_SECRETS_URL_VARIABLE_EXPANSION")) ? Expand(url, environment) : url;
        if (!Uri.TryCreate(expanded, UriKind.Absolute, out var uri) || !IsHttp(expanded))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"not an http(s) URL: {Redact(url)}");
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, WithoutUserInfo(uri));
        if (Credentials(uri, environment) is { } basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }
        using var client = new HttpClient { Timeout = Timeout, MaxResponseContentBufferSize = Input.BoundedFile.MaxBytes }; // 16 MiB, as a local file
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new SecretsKitException(ExitCodes.Generic, $"could not fetch {Redact(url)}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}",
                    (int)response.StatusCode is 401 or 403 ? "give credentials as https://user:password@host/… or in a .netrc file (NETRC)" : null);
            }
            return await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"could not fetch {Redact(url)}: {(e is TaskCanceledException ? "timed out" : e.Message)}");
        }
    }

    private static Uri WithoutUserInfo(Uri uri) => new UriBuilder(uri) { UserName = "", Password = "" }.Uri;

    /// <summary><c>user:password</c> from the URL, else from the netrc entry of the host (or its <c>default</c> entry).</summary>
    private static string? Credentials(Uri uri, IEnvironment environment)
    {
        if (uri.UserInfo.Length > 0) return Uri.UnescapeDataString(uri.UserInfo);
        var netrc = environment.Get("NETRC") is { Length: > 0 } n ? n : Path.Combine(environment.HomeDirectory, ".netrc");
        return File.Exists(netrc) ? NetrcFile.Lookup(File.ReadAllText(netrc), uri.Host) : null;
    }

    private static string Expand(string url, IEnvironment environment) =>
        Variable().Replace(url, m => environment.Get(m.Groups[1].Value) ?? "");

    private static bool IsTrue(string? value) => value is "1" or "true" or "TRUE" or "True" or "yes";

    [GeneratedRegex(@"://[^/@\s]*@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
