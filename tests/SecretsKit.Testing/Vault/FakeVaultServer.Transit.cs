using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Vault;

public sealed partial class FakeVaultServer
{
    private const string CiphertextPrefix = "vault:v1:";
    private readonly HashSet<string> _transitMounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _transitKeys = new(StringComparer.Ordinal);

    /// <summary>Mounts a transit engine at <paramref name="path"/> (may be nested, e.g. <c>team/a/transit</c>).</summary>
    public void EnableTransit(string path)
    {
        lock (_gate) _transitMounts.Add(path.Trim('/'));
    }

    /// <summary>Creates a transit key (encrypt also creates missing keys, as Vault's upsert does).</summary>
    public void CreateTransitKey(string mount, string name)
    {
        lock (_gate) _transitKeys.TryAdd(mount.Trim('/') + "/" + name, RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>Whether a transit key exists.</summary>
    public bool HasTransitKey(string mount, string name)
    {
        lock (_gate) return _transitKeys.ContainsKey(mount.Trim('/') + "/" + name);
    }

    private (string Mount, string Operation, string Key)? FindTransit(string path)
    {
        lock (_gate)
        {
            foreach (var mount in _transitMounts.OrderByDescending(m => m.Length))
            {
                foreach (var op in new[] { "encrypt", "decrypt" })
                {
                    var prefix = mount + "/" + op + "/";
                    if (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length)
                    {
                        return (mount, op, path[prefix.Length..]);
                    }
                }
            }
        }
        return null;
    }

    private async Task TransitAsync(HttpContext context, (string Mount, string Operation, string Key) target)
    {
        var body = JsonNode.Parse(await ReadBodyAsync(context)) as JsonObject ?? [];
        var id = target.Mount + "/" + target.Key;
        byte[]? key;
        lock (_gate)
        {
            if (target.Operation == "encrypt") _transitKeys.TryAdd(id, RandomNumberGenerator.GetBytes(32));
            _transitKeys.TryGetValue(id, out key);
        }
        if (key is null)
        {
            await ErrorAsync(context, 400, "encryption key not found");
            return;
        }
        if (target.Operation == "encrypt")
        {
            var plaintext = Convert.FromBase64String(body["plaintext"]?.GetValue<string>() ?? "");
            var nonce = RandomNumberGenerator.GetBytes(12);
            var sealedBytes = new byte[12 + plaintext.Length + 16];
            nonce.CopyTo(sealedBytes, 0);
            using (var aes = new AesGcm(key, 16))
            {
                aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(12, plaintext.Length), sealedBytes.AsSpan(12 + plaintext.Length));
            }
            await OkAsync(context, new JsonObject { ["data"] = new JsonObject { ["ciphertext"] = CiphertextPrefix + Convert.ToBase64String(sealedBytes), ["key_version"] = 1 } });
            return;
        }
        var ciphertext = body["ciphertext"]?.GetValue<string>() ?? "";
        if (!ciphertext.StartsWith(CiphertextPrefix, StringComparison.Ordinal))
        {
            await ErrorAsync(context, 400, "invalid ciphertext: no prefix");
            return;
        }
        try
        {
            var raw = Convert.FromBase64String(ciphertext[CiphertextPrefix.Length..]);
            var plain = new byte[raw.Length - 28];
            using (var aes = new AesGcm(key, 16))
            {
                aes.Decrypt(raw.AsSpan(0, 12), raw.AsSpan(12, plain.Length), raw.AsSpan(12 + plain.Length), plain);
            }
            await OkAsync(context, new JsonObject { ["data"] = new JsonObject { ["plaintext"] = Convert.ToBase64String(plain) } });
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or OverflowException or ArgumentException)
        {
            await ErrorAsync(context, 400, "cipher: message authentication failed");
        }
    }
}
