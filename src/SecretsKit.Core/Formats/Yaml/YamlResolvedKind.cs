namespace SecretsKit.Core.Formats.Yaml;

/// <summary>What a Go YAML library resolves an untagged plain scalar to (<c>resolve("", s)</c>); see <see cref="YamlScalars"/>.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the YAML types (tags) they denote.")]
public enum YamlResolvedKind
{
    String,
    Null,
    Bool,
    Int,
    /// <summary>An integer above int64 range that fits uint64: go-yaml gives <c>uint64</c> (which sops cannot walk).</summary>
    UInt64,
    Float,
    Timestamp,
}
