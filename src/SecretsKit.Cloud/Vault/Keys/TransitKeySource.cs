using System.Collections.Concurrent;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Vault.Keys;

/// <summary>
/// The <c>hc_vault</c> key source (Vault transit). One <see cref="VaultClient"/> per Vault address, built from the
/// context's environment (<see cref="VaultEnvironment"/>) unless a factory is given. Honours
/// <c>SOPS_HC_VAULT_ALLOWLIST</c> (<c>all</c> default, <c>none</c>, or comma-separated URL prefixes).
/// </summary>
public sealed class TransitKeySource : IKeySource, IDisposable
{
    private readonly Func<Uri, VaultClientOptions> _optionsFactory;
    private readonly ConcurrentDictionary<string, Lazy<VaultClient>> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);
    private readonly Action<string>? _warn;

    /// <param name="context">Environment (token, namespace, CA), time.</param>
    /// <param name="optionsFactory">Builds client options for an address; default <see cref="VaultEnvironment.CreateOptions"/>.</param>
    /// <param name="warn">Told once per address when a file's <c>vault_address</c> is not <c>VAULT_ADDR</c> (see <see cref="WarnIfNotVaultAddr"/>).</param>
    public TransitKeySource(KeySourceContext context, Func<Uri, VaultClientOptions>? optionsFactory = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        _warn = warn;
        _optionsFactory = optionsFactory ?? (address => VaultEnvironment.CreateOptions(context.Environment, address, time: context.Time));
    }

    internal KeySourceContext Context { get; }

    public KeyKind Kind => KeyKinds.HcVault;

    public IMasterKey Parse(string text, KeyParseOptions options) => new TransitMasterKey(this, TransitKeyUri.Parse(text));

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context)
    {
        foreach (var name in new[] { "uri", "url", "hc_vault_transit_uri" })
        {
            if (fields.TryGetValue(name, out var text)) return Parse(text, KeyParseOptions.None);
        }
        return FromFields(fields, "key_groups entry");
    }

    public IMasterKey FromEntry(MasterKeyEntry entry) => FromFields(entry.Fields, "hc_vault metadata entry");

    private TransitMasterKey FromFields(IReadOnlyDictionary<string, string> fields, string what)
    {
        string Get(string name) => fields.TryGetValue(name, out var v) && v.Length > 0
            ? v
            : throw new SecretsKitException(ExitCodes.Generic, $"{what} is missing '{name}' (needs vault_address, engine_path, key_name)");
        return new TransitMasterKey(this, TransitKeyUri.FromParts(Get("vault_address"), Get("engine_path"), Get("key_name")));
    }

    internal VaultClient ClientFor(TransitKeyUri uri) =>
        _clients.GetOrAdd(uri.VaultAddress, address => new Lazy<VaultClient>(() => new VaultClient(_optionsFactory(new Uri(address))), LazyThreadSafetyMode.PublicationOnly)).Value;

    internal void EnsureAllowed(TransitKeyUri uri)
    {
        var allow = Context.Environment.Get("SOPS_HC_VAULT_ALLOWLIST")?.Trim();
        if (string.IsNullOrEmpty(allow) || allow.Equals("all", StringComparison.OrdinalIgnoreCase)) return;
        var target = uri.ToString();
        if (!allow.Equals("none", StringComparison.OrdinalIgnoreCase) &&
            allow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(prefix => target.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return;
        }
        throw new SecretsKitException(ExitCodes.Generic,
            $"Vault transit key {target} is not allowed by SOPS_HC_VAULT_ALLOWLIST",
            "add its URL prefix to SOPS_HC_VAULT_ALLOWLIST (comma-separated) or set it to 'all'");
    }

    /// <summary>
    /// Beyond sops: decrypting sends the Vault token to the address the file names. When that is not <c>VAULT_ADDR</c>
    /// and no <c>SOPS_HC_VAULT_ALLOWLIST</c> limits it, say so once per address (the decryption goes on, as in sops).
    /// </summary>
    internal void WarnIfNotVaultAddr(TransitKeyUri uri)
    {
        if (_warn is null || !string.IsNullOrWhiteSpace(Context.Environment.Get("SOPS_HC_VAULT_ALLOWLIST"))) return;
        var configured = Context.Environment.Get("VAULT_ADDR")?.Trim();
        if (string.IsNullOrEmpty(configured) || SameAddress(configured, uri.VaultAddress)) return;
        if (!_warned.TryAdd(uri.VaultAddress, true)) return;
        _warn($"hc_vault: the file's vault_address {Echo.Bounded(uri.VaultAddress)} is not VAULT_ADDR ({Echo.Bounded(configured)}); "
            + "the Vault token is sent there. Set SOPS_HC_VAULT_ALLOWLIST to the Vault URLs you trust to refuse others");
    }

    private static bool SameAddress(string a, string b) =>
        Uri.TryCreate(a.TrimEnd('/'), UriKind.Absolute, out var x) && Uri.TryCreate(b.TrimEnd('/'), UriKind.Absolute, out var y)
            ? Uri.Compare(x, y, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            : string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
