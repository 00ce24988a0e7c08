using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>AppRole auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with <c>role_id</c> and <c>secret_id</c>.</summary>
public sealed class VaultAppRoleAuth(string roleId, string secretId, string mount = "approle") : VaultAuthMethod
{
    public override string Description => $"approle auth at auth/{mount.Trim('/')}";

    internal override Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken) =>
        LoginAtMountAsync(client, mount, new JsonObject { ["role_id"] = roleId, ["secret_id"] = secretId }, cancellationToken);
}
