using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// Kubernetes auth: <c>POST /v1/auth/&lt;mount&gt;/login</c> with the role and the pod's service-account JWT, read
/// from <paramref name="tokenPath"/> on every login (projected tokens rotate).
/// </summary>
public sealed class VaultKubernetesAuth(string role, string tokenPath = VaultKubernetesAuth.DefaultTokenPath, string mount = "kubernetes")
    : VaultAuthMethod
{
    /// <summary>The in-pod service-account token file.</summary>
    public const string DefaultTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    public override string Description => $"kubernetes auth at auth/{mount.Trim('/')}, role '{role}'";

    internal override Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var jwt = ReadFile(tokenPath, "service-account token");
        return LoginAtMountAsync(client, mount, new JsonObject { ["role"] = role, ["jwt"] = jwt }, cancellationToken);
    }
}
