using System.Net;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Webhook.Auth;

/// <summary>
/// ESO's webhook <c>auth.ntlm</c>: the user (<c>DOMAIN\user</c> or a bare user) and password read from
/// <c>usernameSecret</c> and <c>passwordSecret</c> under the store's namespace rules, offered by the handler for the
/// scheme <c>NTLM</c> only and only to the url's own scheme, host and port (<see cref="Http.WebhookCall"/>), so the password is never
/// sent in clear: a server that does not ask for NTLM gets no credentials (ESO's client then falls back to Basic).
/// The handshake (NEGOTIATE, CHALLENGE, AUTHENTICATE) runs on one HTTP/1.1 connection, as the handler does it; the
/// managed NTLM client is switched on for the agent by <c>System.Net.Security.UseManagedNtlm</c> in its project (no
/// gss-ntlmssp needed on Linux, kept by native AOT).
/// </summary>
public static class WebhookNtlm
{
    private const int MaxPasswordLength = 128;

    /// <summary>The credential of <c>auth.ntlm</c>, or null when the spec has none.</summary>
    public static async Task<NetworkCredential?> ReadAsync(ProviderSpec spec, string owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Spec["auth"]?["ntlm"] is not JsonObject ntlm) return null;
        var user = await spec.Credentials.ReadAsync(ntlm["usernameSecret"], "auth.ntlm.usernameSecret", ct);
        var password = await spec.Credentials.ReadAsync(ntlm["passwordSecret"], "auth.ntlm.passwordSecret", ct);
        var slash = user.IndexOf('\\', StringComparison.Ordinal);
        var (domain, name) = slash > 0 ? (user[..slash], user[(slash + 1)..]) : ("", user);
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(password))
        {
            throw new StoreConfigException($"{owner}: auth.ntlm needs a non-empty username and password");
        }
        // Windows' limit, which .NET's NTLM client enforces by failing the request
        if (password.Length > MaxPasswordLength) throw new StoreConfigException($"{owner}: auth.ntlm password is longer than {MaxPasswordLength} characters");
        return new NetworkCredential(name, password, domain);
    }
}
