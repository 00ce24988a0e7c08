namespace SecretsKit.Core.Keys;

/// <summary>Settings that apply to keys given as strings on the command line or in <c>.sops.yaml</c>.</summary>
public sealed record KeyParseOptions(
    IReadOnlyDictionary<string, string>? EncryptionContext = null,
    string? AwsProfile = null)
{
    public static KeyParseOptions None { get; } = new();
}
