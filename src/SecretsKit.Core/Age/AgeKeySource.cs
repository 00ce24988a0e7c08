using System.Collections.Concurrent;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Age;

/// <summary>
/// The age key type: recipients from <c>--age</c>, <c>SOPS_AGE_RECIPIENTS</c> and <c>.sops.yaml</c>; identities found
/// lazily by <see cref="AgeKeyDiscovery"/>, once per instance (once per recipient when a key command is configured,
/// because the command receives SOPS_AGE_RECIPIENT).
/// </summary>
public sealed class AgeKeySource : IKeySource
{
    private readonly AgeKeyDiscovery _discovery;
    private readonly ConcurrentDictionary<string, Lazy<Task<AgeIdentitySet>>> _identities = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);
    private readonly Action<string>? _warn;

    /// <param name="context">Environment and process runner used for discovery (never the process environment directly).</param>
    /// <param name="passphraseReader">For passphrase-protected key files; defaults to the terminal.</param>
    /// <param name="warn">Told once each about a key variable that points nowhere (<see cref="AgeIdentitySet.Warnings"/>).</param>
    public AgeKeySource(KeySourceContext context, IPassphraseReader? passphraseReader = null, Action<string>? warn = null)
    {
        _discovery = new AgeKeyDiscovery(context, passphraseReader ?? new TerminalPassphraseReader(context.Processes));
        _warn = warn;
    }

    public KeyKind Kind => KeyKinds.Age;

    /// <summary>Parses and validates a recipient (X25519, post-quantum hybrid, tag, SSH or plugin); malformed ones are rejected here.</summary>
    public IMasterKey Parse(string text, KeyParseOptions options)
    {
        var recipient = text.Trim();
        AgeRecipientParser.Parse(recipient);
        return new AgeMasterKey(recipient, this);
    }

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context)
    {
        if (!fields.TryGetValue("recipient", out var recipient))
        {
            throw new AgeException("an age key in .sops.yaml must be a recipient string (age1…)");
        }
        return Parse(recipient, KeyParseOptions.None);
    }

    /// <summary>Never throws: decrypting needs only identities, so even unsupported recipients get a key object.</summary>
    public IMasterKey FromEntry(MasterKeyEntry entry) => new AgeMasterKey(entry.Field("recipient").Trim(), this);

    internal Task<AgeIdentitySet> GetIdentitiesAsync(string recipient, CancellationToken cancellationToken)
    {
        var cacheKey = _discovery.UsesCommands ? recipient : "";
        var lazy = _identities.GetOrAdd(cacheKey, _ => new Lazy<Task<AgeIdentitySet>>(
            () => DiscoverAsync(recipient),
            LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    private async Task<AgeIdentitySet> DiscoverAsync(string recipient)
    {
        var found = await _discovery.DiscoverAsync(recipient, CancellationToken.None);
        foreach (var warning in found.Warnings)
        {
            if (_warned.TryAdd(warning, true)) _warn?.Invoke(warning);
        }
        return found;
    }
}
