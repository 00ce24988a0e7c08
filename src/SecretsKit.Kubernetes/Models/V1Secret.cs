namespace SecretsKit.Kubernetes.Models;

/// <summary>core/v1 Secret. <see cref="Data"/> values are raw bytes (base64 on the wire). Never log an instance.</summary>
public sealed class V1Secret
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "Secret";

    public ObjectMeta Metadata { get; set; } = new();

    public Dictionary<string, byte[]>? Data { get; set; }

    /// <summary>Write-only convenience: the API server folds it into <see cref="Data"/>.</summary>
    public Dictionary<string, string>? StringData { get; set; }

    public string? Type { get; set; }

    public bool? Immutable { get; set; }

    /// <summary>Prints the key names only, never the values.</summary>
    public override string ToString() =>
        $"Secret {Metadata.Namespace}/{Metadata.Name} keys [{string.Join(", ", (Data?.Keys.AsEnumerable() ?? []).Order(StringComparer.Ordinal))}]";
}
