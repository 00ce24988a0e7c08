using SecretsKit.Core.Keys;

namespace SecretsKit.Cli.Edition;

/// <summary>
/// In the lean native CLI, the stand-in for a key kind whose source lives in SecretsKit.Cloud (AWS/GCP/Huawei KMS, Azure
/// Key Vault, Vault transit): it spells its flags and variables as the real source does (so parsing and help stay the same),
/// and the first time a key of its kind is needed (a flag, a rule, a metadata entry tried after the age and PGP ones failed)
/// it hands the run to the full CLI. <see cref="All"/> registers them in the full CLI's order (CloudKeySources.Register).
/// </summary>
internal sealed class HandOffKeySource(KeyKind kind) : IKeySource
{
    public KeyKind Kind { get; } = kind;

    /// <summary>Age and PGP (Core's own sources), then a stand-in for each cloud kind, as the full CLI registers them.</summary>
    public static KeySourceRegistry Register(KeySourceRegistry registry)
    {
        foreach (var kind in new[] { KeyKinds.Kms, KeyKinds.GcpKms, KeyKinds.AzureKeyVault, KeyKinds.Hckms, KeyKinds.HcVault })
        {
            registry.Register(new HandOffKeySource(kind));
        }
        return registry;
    }

    public IMasterKey Parse(string text, KeyParseOptions options) => throw Required();

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context) => throw Required();

    public IMasterKey FromEntry(MasterKeyEntry entry) => throw Required();

    private FullBinaryRequired Required() => new($"a {Kind.MetadataKey} key");
}
