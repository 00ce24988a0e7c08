namespace SecretsKit.Core.Metadata;

/// <summary>The sops format version SecretsKit writes into <c>version</c>.</summary>
public static class SopsVersion
{
    public const string Current = "3.13.2";
}
