using SecretsKit.Cloud.Providers;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// TLS certificate auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with the role name (<c>vaultRole</c>, optional); the proof
/// is the client certificate the connection presents (<see cref="VaultClientOptions.ClientCertificate"/>).
/// </summary>
public sealed class VaultCertAuth(string? role, string mount = "cert") : VaultAuthMethod
{
    /// <summary><c>auth.cert</c>: <c>vaultRole</c>, <c>path</c> (default <c>cert</c>); the certificate is the store's client TLS one.</summary>
    internal static VaultAuthSpec Spec { get; } = new("cert", ["path", "vaultRole", "clientCert", "secretRef"],
        (_, cert, _) => Task.FromResult<VaultAuthMethod>(new VaultCertAuth(SpecJson.Str(cert["vaultRole"]), SpecJson.Str(cert["path"]) ?? "cert")));

    public override string Description => $"cert auth at auth/{mount.Trim('/')}{(string.IsNullOrEmpty(role) ? "" : $", role '{role}'")}";

    internal override Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken) =>
        LoginAtMountAsync(client, mount, string.IsNullOrEmpty(role) ? [] : new JsonObject { ["name"] = role }, cancellationToken);
}
