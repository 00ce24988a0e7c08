namespace SecretsKit.Core.Keys;

/// <summary>The registered key sources, by metadata type name. Core registers age and PGP; Cloud adds its own.</summary>
public sealed class KeySourceRegistry
{
    private readonly List<IKeySource> _sources = new();

    public IReadOnlyList<IKeySource> All => _sources;

    public KeySourceRegistry Register(IKeySource source)
    {
        if (_sources.Any(s => s.KeyType == source.KeyType))
        {
            throw new InvalidOperationException($"key source '{source.KeyType}' is registered twice");
        }
        _sources.Add(source);
        return this;
    }

    /// <summary>The key flags of the registered sources for hints, in sops's order: <c>--age/--pgp/--kms/…</c>.</summary>
    public string FlagList() => string.Join("/", _sources.OrderBy(s => s.Kind.RuleRank).Select(s => $"--{s.Kind.FlagStem}"));

    public IKeySource? Find(string keyType) => _sources.FirstOrDefault(s => s.KeyType == keyType);

    public IKeySource Get(string keyType) =>
        Find(keyType) ?? throw new Errors.SecretsKitException(Errors.ExitCodes.Generic,
            $"unknown key type '{keyType}' (known: {string.Join(", ", _sources.Select(s => s.KeyType))})");
}
