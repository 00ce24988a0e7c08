using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Publish;

/// <summary>
/// <c>vault_path</c> (+ <c>vault_address</c>, <c>vault_kv_mount_name</c>, <c>vault_kv_version</c>): the file's decrypted
/// values written to a KV secret, as sops does: mount <c>secret/</c> and version 2 unless set; the secret is
/// <c>{mount}{vault_path}{name}</c> (v1) or <c>{mount}data/{vault_path}{name}</c> with <c>{"data": …}</c> (v2); nothing is
/// written when the secret already holds exactly these values. Token and TLS settings from the Vault CLI's environment.
/// </summary>
public sealed class VaultDestination : PublishDestination
{
    private readonly Uri _address;
    private readonly string _path;
    private readonly string _mount;
    private readonly int _version;
    private readonly IEnvironment _environment;

    public VaultDestination(string? address, string vaultPath, string? mount, int? kvVersion, IEnvironment environment)
    {
        _environment = environment;
        _address = Address(address ?? environment.Get("VAULT_ADDR") ?? "https://127.0.0.1:8200");
        var v = vaultPath.TrimStart('/');
        _path = Segments(v.EndsWith('/') ? v : v + "/", "vault_path");
        var m = string.IsNullOrEmpty(mount) ? "secret/" : mount.TrimStart('/');
        _mount = Segments(m.EndsWith('/') ? m : m + "/", "vault_kv_mount_name");
        _version = kvVersion is 1 ? 1 : 2;
    }

    public override string Describe(string name) => $"{_address.GetLeftPart(UriPartial.Authority)}/v1/{SecretPath(name)}";

    /// <summary>Writes <paramref name="data"/> unless the secret already holds it; false when it was already up to date.</summary>
    public async Task<bool> WriteAsync(JsonObject data, string name, CancellationToken cancellationToken)
    {
        var path = SecretPath(Segments(name, "the file name"));
        using var client = new VaultClient(VaultEnvironment.CreateOptions(_environment, _address));
        var existing = await client.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (existing?["data"]?["data"] is JsonObject current && JsonNode.DeepEquals(current, data)) return false;
        var body = _version == 1 ? (JsonObject)data.DeepClone() : new JsonObject { ["data"] = data.DeepClone() };
        await client.SendAsync(HttpMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private string SecretPath(string name) => _version == 1 ? $"{_mount}{_path}{name}" : $"{_mount}data/{_path}{name}";

    private static Uri Address(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"vault: '{text}' is not a Vault address",
                "vault_address (or VAULT_ADDR) is http(s)://host:port, without credentials, query or fragment");
        }
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    private static string Segments(string path, string what)
    {
        var bad = path.Any(c => char.IsControl(c) || c is '?' or '#' or '%' or '\\')
            || path.TrimEnd('/').Split('/').Any(s => s is "." or "..")
            || path.StartsWith('/');
        return bad ? throw new SecretsKitException(ExitCodes.Generic,
            $"vault: {what} '{new string(path.Select(c => char.IsControl(c) ? '?' : c).ToArray())}' is not a usable secret path",
            "a Vault path is '/'-separated names without '.', '..', '?', '#', '%' or a leading '/'") : path;
    }
}
