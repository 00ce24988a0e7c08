using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Vault.Keys;

/// <summary>
/// A transit key URI <c>https://host:8200/v1/&lt;engine path…&gt;/keys/&lt;name&gt;</c>, split as sops does: the
/// address is scheme+host+port, the engine path is everything between <c>v1/</c> and <c>/keys/</c> (may be nested).
/// </summary>
public readonly record struct TransitKeyUri(string VaultAddress, string EnginePath, string KeyName)
{
    /// <summary>Parses a URI, or throws naming it and the expected shape.</summary>
    public static TransitKeyUri Parse(string text)
    {
        if (!TryParse(text, out var uri))
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"invalid Vault transit key URI '{Echo.Bounded(text)}'",
                "expected https://<host>:<port>/v1/<engine path>/keys/<key name>, e.g. https://vault.example.com:8200/v1/sops/keys/my-key");
        }
        return uri;
    }

    public static bool TryParse(string? text, out TransitKeyUri result)
    {
        result = default;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)) return false;
        if (uri.Scheme is not ("http" or "https")) return false;
        var path = uri.AbsolutePath.Trim('/');
        if (!path.StartsWith("v1/", StringComparison.Ordinal)) return false;
        path = path[3..];
        var keys = path.LastIndexOf("/keys/", StringComparison.Ordinal);
        if (keys <= 0) return false;
        var engine = path[..keys].Trim('/');
        var name = path[(keys + "/keys/".Length)..];
        if (engine.Length == 0 || name.Length == 0 || name.Contains('/', StringComparison.Ordinal)) return false;
        // Keep the address exactly as written (an explicit default port stays), like Go's url.Host.
        var trimmed = text.Trim();
        var authorityEnd = trimmed.IndexOf('/', uri.Scheme.Length + 3);
        result = new TransitKeyUri(trimmed[..authorityEnd], engine, name);
        return result.Problem() is null;
    }

    /// <summary>
    /// A key from a file's <c>vault_address</c>, <c>engine_path</c> and <c>key_name</c>, checked as a URI from a flag is:
    /// the address is only scheme, host and port; no engine segment or key name is empty, <c>.</c> or <c>..</c>.
    /// </summary>
    public static TransitKeyUri FromParts(string vaultAddress, string enginePath, string keyName)
    {
        var uri = new TransitKeyUri(vaultAddress.TrimEnd('/'), enginePath.Trim('/'), keyName);
        if (uri.Problem() is { } problem)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"hc_vault: key '{Echo.Bounded(uri.ToString())}' is refused: {problem}");
        }
        return uri;
    }

    /// <summary>Each segment of a Vault path percent-escaped (slashes kept).</summary>
    public static string Escape(string path) => VaultClient.EscapePath(path);

    private static bool HasUrlSyntax(string text) => text.Any(c => c is '?' or '#' or '%' or '\\' || c <= ' ' || char.IsControl(c));

    private string? Problem()
    {
        if (!Uri.TryCreate(VaultAddress, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https") ||
            address.UserInfo.Length > 0 || address.PathAndQuery != "/" || address.Fragment.Length > 0 ||
            VaultAddress.IndexOfAny(['?', '#', '@', '\\']) >= 0 || VaultAddress.Count(c => c == '/') != 2)
        {
            return "vault_address must be http(s)://host[:port] and nothing more";
        }
        if (EnginePath.Length == 0 || EnginePath.Split('/').Any(s => s is "" or "." or "..") || HasUrlSyntax(EnginePath))
        {
            return "engine_path must be non-empty, with no empty, '.' or '..' segment and none of ? # % \\ or spaces";
        }
        if (KeyName.Length == 0 || KeyName is "." or ".." || KeyName.Contains('/', StringComparison.Ordinal) || HasUrlSyntax(KeyName))
        {
            return "key_name must be one path segment, with none of ? # % \\ or spaces";
        }
        return null;
    }

    /// <summary>The URI again, as sops prints it: <c>{address}/v1/{engine}/keys/{name}</c>.</summary>
    public override string ToString() => $"{VaultAddress}/v1/{EnginePath}/keys/{KeyName}";
}
