namespace SecretsKit.Core.Formats;

/// <summary>Emitter settings: YAML indent (default 4), JSON indent (null = tab).</summary>
public sealed record FormatOptions(int? YamlIndent = null, int? JsonIndent = null, int? JsonBinaryIndent = null)
{
    public static FormatOptions Default { get; } = new();
}
