using SecretsKit.Cloud.Providers;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>Userpass (and LDAP) auth: <c>POST /v1/auth/&lt;mount&gt;/login/&lt;username&gt;</c> with the password.</summary>
public sealed class VaultUserPassAuth(string username, string password, string mount = "userpass") : VaultAuthMethod
{
    /// <summary><c>auth.userPass</c>: <c>username</c>, <c>secretRef</c> (the password), <c>path</c> (default <c>userpass</c>).</summary>
    internal static VaultAuthSpec UserPassSpec { get; } = SpecFor("userPass", "userpass");

    /// <summary><c>auth.ldap</c>: as userPass, at <c>path</c> default <c>ldap</c>.</summary>
    internal static VaultAuthSpec LdapSpec { get; } = SpecFor("ldap", "ldap");

    private static VaultAuthSpec SpecFor(string key, string defaultMount) => new(key, ["path", "username", "secretRef"], async (spec, up, ct) =>
    {
        var user = SpecJson.Str(up["username"]) ?? throw new StoreConfigException($"store {spec.StoreName}: auth.{key}.username is required");
        var password = await spec.Credentials.ReadAsync(up["secretRef"], $"auth.{key}.secretRef", ct);
        return new VaultUserPassAuth(user, password, SpecJson.Str(up["path"]) ?? defaultMount);
    });

    public override string Description => $"userpass auth at auth/{mount.Trim('/')}, user '{username}'";

    internal override Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken) =>
        client.LoginAsync("auth/" + mount.Trim('/') + "/login/" + Uri.EscapeDataString(username), new JsonObject { ["password"] = password },
            Description, cancellationToken);
}
