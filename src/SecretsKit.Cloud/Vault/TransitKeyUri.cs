using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Vault;

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
                $"invalid Vault transit key URI '{text}'",
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
        return true;
    }

    /// <summary>The URI again, as sops prints it: <c>{address}/v1/{engine}/keys/{name}</c>.</summary>
    public override string ToString() => $"{VaultAddress}/v1/{EnginePath}/keys/{KeyName}";
}
