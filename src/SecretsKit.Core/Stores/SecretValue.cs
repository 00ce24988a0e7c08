namespace SecretsKit.Core.Stores;

/// <summary>A fetched secret: raw bytes plus provider metadata (version, timestamps). <see cref="ToString"/> never shows the value.</summary>
public sealed record SecretValue(byte[] Value, string? Version = null, IReadOnlyDictionary<string, string>? Metadata = null)
{
    public override string ToString() => $"SecretValue({Value.Length} bytes, version {Version ?? "?"})";
}
