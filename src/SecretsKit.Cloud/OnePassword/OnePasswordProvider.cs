using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Cloud.OnePassword.Http;
using SecretsKit.Cloud.OnePassword.Stores;

namespace SecretsKit.Cloud.OnePassword;

/// <summary>
/// ESO's <c>onepassword</c> provider (1Password Connect): <c>connectHost</c>, <c>vaults</c> (name or id → priority, at
/// least one, priorities unique) and <c>auth.secretRef.connectTokenSecretRef</c>, read under the namespace rules of every
/// store credential. The store is invalid, with ESO's messages, when one of them is missing. See
/// <see cref="OnePasswordSecretStore"/> for reads and pushes and <see cref="ConnectClient"/> for the wire.
/// </summary>
public sealed class OnePasswordProvider : ISecretStoreProvider
{
    private const string Invalid = "received invalid 1Password SecretStore resource: ";

    public string Name => "onepassword";

    public IReadOnlyList<string> Fields { get; } =
        ["connectHost", "vaults", "auth", "auth.secretRef", "auth.secretRef.connectTokenSecretRef"];

    public IReadOnlyList<RefScheme> RefSchemes => [];

    public string? UnsupportedValue(JsonObject spec) => null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fail = (string message) => new StoreConfigException($"store {spec.StoreName}: {Invalid}{message}");
        var tokenRef = spec.Spec["auth"]?["secretRef"]?["connectTokenSecretRef"];
        if (string.IsNullOrEmpty(SpecJson.Str(tokenRef?["name"]))) throw fail("missing: spec.provider.onepassword.auth.secretRef.connectTokenSecretRef.name");
        if (string.IsNullOrEmpty(SpecJson.Str(tokenRef?["key"]))) throw fail("missing: spec.provider.onepassword.auth.secretRef.connectTokenSecretRef.key");
        var vaults = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, value) in spec.Spec["vaults"] as JsonObject ?? [])
        {
            // a number from the API server (a JSON element) or from a manifest file (`render`: a long)
            vaults[name] = value is JsonValue v && (v.TryGetValue<int>(out var order) || (v.TryGetValue<long>(out var wide) && wide is >= int.MinValue and <= int.MaxValue && (order = (int)wide) == wide))
                ? order
                : throw fail($"vault order of '{Core.Errors.Echo.Bounded(name)}' is not an integer");
        }
        if (vaults.Count == 0) throw fail("must be at least one vault: spec.provider.onepassword.vaults");
        if (vaults.Values.Distinct().Count() != vaults.Count) throw fail("vault order numbers must be unique");
        var host = SpecJson.Str(spec.Spec["connectHost"]) ?? "";
        if (!Uri.TryCreate(host, UriKind.Absolute, out var connectHost) || connectHost.Scheme is not ("http" or "https") || connectHost.Query.Length > 0 || connectHost.Fragment.Length > 0)
        {
            throw fail("unable to parse URL: spec.provider.onepassword.connectHost: not an http(s) URL without query or fragment");
        }
        var token = await spec.Credentials.ReadAsync(tokenRef, "auth.secretRef.connectTokenSecretRef", cancellationToken);
#pragma warning disable CA2000 // the client is owned by the returned store and lives as long as it
        return new OnePasswordSecretStore(new ConnectClient(connectHost, token), vaults, spec.Context.Time);
#pragma warning restore CA2000
    }
}
