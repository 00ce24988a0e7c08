using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>Userpass (and LDAP) auth: <c>POST /v1/auth/&lt;mount&gt;/login/&lt;username&gt;</c> with the password.</summary>
public sealed class VaultUserPassAuth(string username, string password, string mount = "userpass") : VaultAuthMethod
{
    public override string Description => $"userpass auth at auth/{mount.Trim('/')}, user '{username}'";

    internal override Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken) =>
        client.LoginAsync("auth/" + mount.Trim('/') + "/login/" + Uri.EscapeDataString(username), new JsonObject { ["password"] = password },
            Description, cancellationToken);
}
