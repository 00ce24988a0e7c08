namespace SecretsKit.Core.Config;

/// <summary>The <c>stores</c> section: output indentation per store; null when not set (then the store default applies).</summary>
public sealed record StoresConfig(int? YamlIndent = null, int? JsonIndent = null, int? JsonBinaryIndent = null)
{
    /// <summary>sops's YAML default indent.</summary>
    public const int DefaultYamlIndent = 4;

    /// <summary>sops's JSON default: -1 means one tab.</summary>
    public const int DefaultJsonIndent = -1;

    public static StoresConfig Default { get; } = new();

    public int YamlIndentOrDefault => YamlIndent ?? DefaultYamlIndent;

    public int JsonIndentOrDefault => JsonIndent ?? DefaultJsonIndent;

    public int JsonBinaryIndentOrDefault => JsonBinaryIndent ?? DefaultJsonIndent;
}
