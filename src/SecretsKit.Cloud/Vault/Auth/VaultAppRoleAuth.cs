using SecretsKit.Cloud.Providers;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>AppRole auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with <c>role_id</c> and <c>secret_id</c>.</summary>
public sealed class VaultAppRoleAuth(string roleId, string secretId, string mount = "approle") : VaultAuthMethod
{
    /// <summary><c>auth.appRole</c>: <c>roleId</c> (or <c>roleRef</c>), <c>secretRef</c>, <c>path</c> (default <c>approle</c>).</summary>
    internal static VaultAuthSpec Spec { get; } = new("appRole", ["path", "roleId", "roleRef", "secretRef"], async (spec, appRole, ct) =>
    {
        var roleId = SpecJson.Str(appRole["roleId"]) ?? await spec.Credentials.ReadAsync(appRole["roleRef"], "auth.appRole.roleRef", ct);
        var secretId = await spec.Credentials.ReadAsync(appRole["secretRef"], "auth.appRole.secretRef", ct);
        return new VaultAppRoleAuth(roleId, secretId, SpecJson.Str(appRole["path"]) ?? "approle");
    });

    public override string Description => $"approle auth at auth/{mount.Trim('/')}";

    internal override Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken) =>
        LoginAtMountAsync(client, mount, new JsonObject { ["role_id"] = roleId, ["secret_id"] = secretId }, cancellationToken);
}
