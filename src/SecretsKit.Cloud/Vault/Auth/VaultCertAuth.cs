using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// TLS certificate auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with the role name (<c>vaultRole</c>, optional); the proof
/// is the client certificate the connection presents (<see cref="VaultClientOptions.ClientCertificate"/>).
/// </summary>
public sealed class VaultCertAuth(string? role, string mount = "cert") : VaultAuthMethod
{
    public override string Description => $"cert auth at auth/{mount.Trim('/')}{(string.IsNullOrEmpty(role) ? "" : $", role '{role}'")}";

    internal override Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken) =>
        LoginAtMountAsync(client, mount, string.IsNullOrEmpty(role) ? [] : new JsonObject { ["name"] = role }, cancellationToken);
}
