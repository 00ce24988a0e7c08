using System.Security.Cryptography;
using System.Text;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Uuid;

/// <summary>ESO's <c>UUID</c> generator: a random (version 4) UUID from <see cref="RandomNumberGenerator"/>, key <c>uuid</c>.</summary>
internal sealed class UuidGenerator : IGenerator
{
    public ResourceType Type => ResourceTypes.Uuid;

    public string ClusterSpecKey => "uuidSpec";

    public Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct) => Task.FromResult(Generate());

    public static IReadOnlyDictionary<string, byte[]> Generate()
    {
        Span<byte> b = stackalloc byte[16];
        RandomNumberGenerator.Fill(b);
        b[6] = (byte)((b[6] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(b);
        var text = $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
        return new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["uuid"] = Encoding.ASCII.GetBytes(text) };
    }
}
