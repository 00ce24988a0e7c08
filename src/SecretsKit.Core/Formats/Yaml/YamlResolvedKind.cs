namespace SecretsKit.Core.Formats.Yaml;

/// <summary>What an untagged plain scalar resolves to under yaml.v3 (<c>resolve("", s)</c>).</summary>
internal enum YamlResolvedKind
{
    String,
    Null,
    Bool,
    Int,
    /// <summary>An integer above int64 range that fits uint64: yaml.v3 gives <c>uint64</c>, which sops cannot walk.</summary>
    UInt64,
    Float,
    Timestamp,
}
