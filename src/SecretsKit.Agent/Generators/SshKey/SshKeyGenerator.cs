using System.Globalization;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.SshKey;

/// <summary>
/// ESO's <c>SSHKey</c> generator: a new key pair of <c>keyType</c> <c>rsa</c> (default; <c>keySize</c> bits, default 2048),
/// <c>ed25519</c> or <c>ecdsa</c> (<c>keySize</c> 256, 384 or 521; any other size is P-256, as ESO does), with
/// <c>comment</c> in both keys. Keys <c>privateKey</c> (OpenSSH PEM) and <c>publicKey</c> (an authorized_keys line).
/// </summary>
internal sealed class SshKeyGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("sshkeys", "SSHKey");

    public string ClusterSpecKey => "sshKeySpec";

    public Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var keyType = Json.Str(call.Spec["keyType"]) is { Length: > 0 } t ? t : "rsa";
        var size = call.Integer("keySize");
        var comment = Json.Str(call.Spec["comment"]) ?? "";
        var key = keyType switch
        {
            "rsa" => Rsa(call, size ?? 2048),
            "ed25519" => Ed25519(),
            "ecdsa" => Ecdsa(size ?? 256),
            _ => throw call.Fail($"unable to generate SSH key: unsupported key type: {Core.Errors.Echo.Bounded(keyType)}"),
        };
        return Task.FromResult<IReadOnlyDictionary<string, byte[]>>(new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["privateKey"] = key.PrivatePem(comment),
            ["publicKey"] = key.PublicLine(comment),
        });
    }

    private static OpenSshKey Rsa(GeneratorCall call, long bits)
    {
        // the CRD allows 256..8192; Go refuses RSA keys under 1024 bits
        if (bits is < 1024 or > 8192 || bits % 8 != 0)
        {
            throw call.Fail(string.Create(CultureInfo.InvariantCulture, $"unable to generate SSH key: an RSA keySize must be a multiple of 8 from 1024 to 8192, not {bits}"));
        }
        using var rsa = RSA.Create((int)bits);
        return OpenSshKey.Rsa(rsa.ExportParameters(true));
    }

    private static OpenSshKey Ed25519()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var publicKey = new Ed25519PrivateKeyParameters(seed, 0).GeneratePublicKey().GetEncoded();
        return OpenSshKey.Ed25519(seed, publicKey);
    }

    private static OpenSshKey Ecdsa(long bits)
    {
        var (curve, name) = bits switch
        {
            384 => (ECCurve.NamedCurves.nistP384, "nistp384"),
            521 => (ECCurve.NamedCurves.nistP521, "nistp521"),
            _ => (ECCurve.NamedCurves.nistP256, "nistp256"),
        };
        using var ec = ECDsa.Create(curve);
        return OpenSshKey.Ecdsa(name, ec.ExportParameters(true));
    }
}
