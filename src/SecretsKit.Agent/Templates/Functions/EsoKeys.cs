using System.Security.Cryptography;
using System.Text.Json;
using SecretsKit.Go;
using SecretsKit.Go.Pem;
using SecretsKit.Go.Text;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Functions;

namespace SecretsKit.Agent.Templates.Functions;

/// <summary>
/// ESO's key functions: <c>jwkPublicKeyPem JWK</c> (PKIX <c>PUBLIC KEY</c>), <c>jwkPrivateKeyPem JWK</c> (PKCS#8
/// <c>PRIVATE KEY</c>) for RSA, EC (P-256/384/521) and Ed25519 JWKs, and <c>rsaDecrypt SCHEME HASH CIPHERTEXT KEY</c>
/// (<c>None</c> or <c>RSA-OAEP</c> with SHA1/SHA256/SHA512, anything else SHA-256).
/// </summary>
internal static class EsoKeys
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["jwkPublicKeyPem"] = c => Jwk(c.Exactly(1).String(0), isPrivate: false);
        t["jwkPrivateKeyPem"] = c => Jwk(c.Exactly(1).String(0), isPrivate: true);
        t["rsaDecrypt"] = c => RsaDecrypt(c.Exactly(4).String(0), c.String(1), c.String(2), c.String(3));
    }

    private static string Jwk(string json, bool isPrivate)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new TemplateFunctionException("failed to unmarshal JSON into key hint: invalid JSON");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kty", out var kty) || kty.ValueKind != JsonValueKind.String)
        {
            throw new TemplateFunctionException("failed to parse key: invalid key type from JSON ()");
        }
        try
        {
            if (!isPrivate && kty.GetString() == "OKP" && root.GetProperty("crv").GetString() == "Ed25519")
            {
                return GoPem.Encode("PUBLIC KEY", CryptoKeys.Ed25519Spki(Field(root, "x")));
            }
            using var key = Read(root, kty.GetString()!, isPrivate);
            return isPrivate
                ? GoPem.Encode("PRIVATE KEY", CryptoKeys.ToPkcs8(key))
                : GoPem.Encode("PUBLIC KEY", key.PublicKeyInfo());
        }
        catch (Exception e) when (e is CryptographicException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new TemplateFunctionException($"failed to parse key: invalid {kty.GetString()} key");
        }
    }

    private static byte[] Field(JsonElement jwk, string name) => Base64Url(jwk.GetProperty(name).GetString()!);

    private static byte[]? Optional(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Base64Url(v.GetString()!) : null;

    private static byte[] Base64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        return Convert.FromBase64String(b + new string('=', (4 - b.Length % 4) % 4));
    }

#pragma warning disable CA2000 // each key is owned by the GoPrivateKey returned, which the caller disposes
    private static GoPrivateKey Read(JsonElement jwk, string kty, bool isPrivate)
    {
        switch (kty)
        {
            case "RSA":
                var p = new RSAParameters { Modulus = Field(jwk, "n"), Exponent = Field(jwk, "e") };
                if (Optional(jwk, "d") is { } d)
                {
                    var half = (p.Modulus.Length + 1) / 2;
                    p.D = Pad(d, p.Modulus.Length);
                    p.P = Pad(Field(jwk, "p"), half);
                    p.Q = Pad(Field(jwk, "q"), half);
                    p.DP = Pad(Field(jwk, "dp"), half);
                    p.DQ = Pad(Field(jwk, "dq"), half);
                    p.InverseQ = Pad(Field(jwk, "qi"), half);
                }
                else if (isPrivate) throw new FormatException();
                var rsa = RSA.Create();
                rsa.ImportParameters(p);
                return new GoPrivateKey(rsa, null);
            case "EC":
                var curve = jwk.GetProperty("crv").GetString() switch
                {
                    "P-256" => ECCurve.NamedCurves.nistP256,
                    "P-384" => ECCurve.NamedCurves.nistP384,
                    "P-521" => ECCurve.NamedCurves.nistP521,
                    _ => throw new FormatException(),
                };
                var size = jwk.GetProperty("crv").GetString() switch { "P-256" => 32, "P-384" => 48, _ => 66 };
                var ecp = new ECParameters { Curve = curve, Q = new ECPoint { X = Pad(Field(jwk, "x"), size), Y = Pad(Field(jwk, "y"), size) } };
                if (Optional(jwk, "d") is { } ecd) ecp.D = Pad(ecd, size);
                else if (isPrivate) throw new FormatException();
                var ec = ECDsa.Create();
                ec.ImportParameters(ecp);
                return new GoPrivateKey(ec, null);
            case "OKP" when jwk.GetProperty("crv").GetString() == "Ed25519":
                // the public half alone cannot become a seed; only a private JWK (with d) is readable here
                return new GoPrivateKey(null, Optional(jwk, "d") ?? throw new FormatException());
            default:
                throw new FormatException();
        }
    }
#pragma warning restore CA2000

    private static byte[] Pad(byte[] value, int length) =>
        value.Length >= length ? value : [.. new byte[length - value.Length], .. value];

    private static string RsaDecrypt(string scheme, string hash, string input, string privateKey)
    {
        switch (scheme)
        {
            case "None":
                return input;
            case "RSA-OAEP":
                var (block, _) = GoPem.Decode(GoString.ToBytes(privateKey));
                if (block is null) throw new TemplateFunctionException("failed to decode PEM block");
                GoPrivateKey key;
                try
                {
                    key = EsoPkcs12.ParseKey(block.Bytes);
                }
                catch (GoException e)
                {
                    throw new TemplateFunctionException("could not parse private key: " + e.Message);
                }
                using (key)
                {
                    if (key.Key is not RSA rsa) throw new TemplateFunctionException("could not parse RSA private key");
                    var padding = hash switch
                    {
                        "SHA1" => RSAEncryptionPadding.OaepSHA1,
                        "SHA512" => RSAEncryptionPadding.OaepSHA512,
                        _ => RSAEncryptionPadding.OaepSHA256,
                    };
                    try
                    {
                        return GoString.FromBytes(rsa.Decrypt(GoString.ToBytes(input), padding));
                    }
                    catch (CryptographicException)
                    {
                        throw new TemplateFunctionException("error decrypting data with RSA: crypto/rsa: decryption error");
                    }
                }
            default:
                throw new TemplateFunctionException($"decryption scheme {scheme} is not supported");
        }
    }
}
