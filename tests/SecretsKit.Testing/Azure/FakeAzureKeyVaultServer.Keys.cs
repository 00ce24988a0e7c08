using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Azure;

public sealed partial class FakeAzureKeyVaultServer
{
    private sealed record KeyVersion(string Version, RSA Rsa, DateTimeOffset Created);

    private readonly ConcurrentDictionary<string, List<KeyVersion>> _keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an RSA key (or a new version of it) and returns the new version id.</summary>
    public string CreateRsaKey(string name, int size = 2048)
    {
        var version = new KeyVersion(NewVersion(), RSA.Create(size), DateTimeOffset.UtcNow);
        var versions = _keys.GetOrAdd(name, _ => []);
        lock (versions)
        {
            versions.Add(version);
        }
        return version.Version;
    }

    /// <summary>The URL sops would be given: <c>https://127.0.0.1:port/keys/name</c>.</summary>
    public string KeyUrl(string name, string? version = null) => $"{VaultUrl}/keys/{name}" + (version is null ? "" : "/" + version);

    private async Task KeysAsync(HttpContext context, string[] segments)
    {
        var method = context.Request.Method;
        var call = new AzureKeyVaultCall(Describe(method, segments), segments.ElementAtOrDefault(1) ?? "", 0);
        var key = segments.Length >= 2 ? Find(segments[1], segments.Length >= 3 ? segments[2] : "") : null;
        if (key is null)
        {
            await ErrorAsync(context, call, 404, "KeyNotFound", $"A key with (name/id) {segments.ElementAtOrDefault(1)} was not found in this key vault.").ConfigureAwait(false);
            return;
        }
        switch (method, segments.Length)
        {
            case ("GET", 2 or 3):
                await OkAsync(context, call, Bundle(segments[1], key)).ConfigureAwait(false);
                return;
            case ("POST", 4) when segments[3] is "encrypt" or "decrypt":
                var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync().ConfigureAwait(false))!.AsObject();
                if (body["alg"]?.GetValue<string>() != "RSA-OAEP-256")
                {
                    await ErrorAsync(context, call, 400, "BadParameter", "Unsupported algorithm.").ConfigureAwait(false);
                    return;
                }
                byte[] result;
                try
                {
                    var value = FromBase64Url(body["value"]!.GetValue<string>());
                    result = segments[3] == "encrypt"
                        ? key.Rsa.Encrypt(value, RSAEncryptionPadding.OaepSHA256)
                        : key.Rsa.Decrypt(value, RSAEncryptionPadding.OaepSHA256);
                }
                catch (Exception e) when (e is CryptographicException or FormatException)
                {
                    await ErrorAsync(context, call, 400, "BadParameter", "Error " + segments[3] + "ing the value.").ConfigureAwait(false);
                    return;
                }
                await OkAsync(context, call, new JsonObject { ["kid"] = Kid(segments[1], key), ["value"] = Base64Url(result) }).ConfigureAwait(false);
                return;
            default:
                await ErrorAsync(context, call, 405, "MethodNotAllowed", "not supported by the fake").ConfigureAwait(false);
                return;
        }
    }

    private KeyVersion? Find(string name, string version)
    {
        if (!_keys.TryGetValue(name, out var versions))
        {
            return null;
        }
        lock (versions)
        {
            return version.Length == 0 ? versions.LastOrDefault() : versions.FirstOrDefault(v => v.Version == version);
        }
    }

    private string Kid(string name, KeyVersion key) => $"{VaultUrl}/keys/{name}/{key.Version}";

    private JsonObject Bundle(string name, KeyVersion key)
    {
        var parameters = key.Rsa.ExportParameters(false);
        return new JsonObject
        {
            ["key"] = new JsonObject
            {
                ["kid"] = Kid(name, key),
                ["kty"] = "RSA",
                ["key_ops"] = new JsonArray("encrypt", "decrypt", "wrapKey", "unwrapKey"),
                ["n"] = Base64Url(parameters.Modulus!),
                ["e"] = Base64Url(parameters.Exponent!),
            },
            ["attributes"] = Attributes(key.Created),
        };
    }
}
