using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Generators.Shared;

/// <summary>
/// A base URL a generator's spec names (Grafana's <c>url</c>, Cloudsmith's <c>apiUrl</c>): tenant-written, so it must be
/// an absolute http or https URL with a host and an optional port and path, and no query or fragment; one with an '@'
/// (user information, perhaps a password) is refused without being echoed. The request itself goes through
/// <see cref="TenantHostCall"/> (<see cref="TenantHostPolicy.LinkLocalRefused"/>), which refuses link-local addresses.
/// </summary>
internal static class TenantUrl
{
    public static Uri Parse(GeneratorCall call, string field, string? fallback = null) =>
        Check(call, "spec." + field, Json.Str(call.Spec[field]) is { Length: > 0 } u ? u : fallback ?? throw call.Fail($"spec.{field} is required"));

    /// <summary>As <see cref="Parse"/>, for a URL read elsewhere (a GeneratorState's); <paramref name="what"/> names it in messages.</summary>
    public static Uri Check(GeneratorCall call, string what, string text)
    {
        // never echoed when it may hold user information (a password)
        if (text.Contains('@', StringComparison.Ordinal)) throw call.Fail($"{what} may not carry credentials (user information)");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || string.IsNullOrEmpty(url.Host)
            || !string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw call.Fail($"{what} '{Echo.Bounded(text)}' is not an http(s) URL of a host with an optional port and path");
        }
        return url;
    }

    /// <summary>
    /// <c>https://HOST</c> for a spec field that names a host with an optional port and nothing else (Quay's <c>url</c>,
    /// ACR's <c>registry</c>): no path, query or user information.
    /// </summary>
    public static Uri Host(GeneratorCall call, string field, string host)
    {
        if (!Uri.TryCreate("https://" + host, UriKind.Absolute, out var server) || server.GetLeftPart(UriPartial.Authority) != "https://" + host.ToLowerInvariant()
            || !string.IsNullOrEmpty(server.UserInfo))
        {
            throw call.Fail($"spec.{field} '{Echo.Bounded(host)}' is not a host name with an optional port");
        }
        return server;
    }

    /// <summary><paramref name="url"/> with <paramref name="relative"/> appended to its path (which keeps its prefix).</summary>
    public static Uri Append(Uri url, string relative) =>
        new(url.GetLeftPart(UriPartial.Authority) + url.AbsolutePath.TrimEnd('/') + "/" + relative);
}
