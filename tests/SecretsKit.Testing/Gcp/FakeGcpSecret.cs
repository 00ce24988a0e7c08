namespace SecretsKit.Testing.Gcp;

/// <summary>A secret held by <see cref="FakeGcpSecretManagerServer"/>: labels and its versions (1-based, in order).</summary>
public sealed class FakeGcpSecret(string? location, Dictionary<string, string> labels)
{
    public string? Location { get; } = location;

    public Dictionary<string, string> Labels { get; } = labels;

    public List<byte[]> Versions { get; } = [];
}
