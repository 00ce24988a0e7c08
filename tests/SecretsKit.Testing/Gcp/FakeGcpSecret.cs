using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Gcp;

/// <summary>A secret held by <see cref="FakeGcpSecretManagerServer"/>: labels, annotations, topics, how it was created, and its versions (1-based, in order).</summary>
public sealed class FakeGcpSecret(string? location, Dictionary<string, string> labels)
{
    public string? Location { get; } = location;

    public Dictionary<string, string> Labels { get; set; } = labels;

    public Dictionary<string, string> Annotations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The Pub/Sub topic names given at creation.</summary>
    public List<string> Topics { get; } = [];

    /// <summary>The <c>replication</c> object given at creation (global secrets), as sent.</summary>
    public JsonObject? Replication { get; set; }

    /// <summary>The top-level <c>customerManagedEncryption.kmsKeyName</c> (regional secrets).</summary>
    public string? KmsKeyName { get; set; }

    public List<byte[]> Versions { get; } = [];
}
