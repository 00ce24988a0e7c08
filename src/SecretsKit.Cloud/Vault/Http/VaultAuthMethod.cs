using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Auth;

namespace SecretsKit.Cloud.Vault.Http;

/// <summary>
/// How a <see cref="VaultClient"/> gets its token: a fixed token, or a login (Kubernetes, AppRole, JWT/OIDC) that
/// can be repeated when the token expires or is revoked. The closed set lives in this folder.
/// </summary>
public abstract class VaultAuthMethod
{
    private protected VaultAuthMethod()
    {
    }

    /// <summary>Describes the method for messages (<c>kubernetes auth at auth/kubernetes, role app</c>); never secrets.</summary>
    public abstract string Description { get; }

    /// <summary>False for a fixed token: a denied token cannot be replaced by logging in again.</summary>
    internal virtual bool CanLogin => true;

    internal abstract Task<VaultAuthToken> LoginAsync(VaultClient client, CancellationToken cancellationToken);

    /// <summary><c>POST /v1/auth/&lt;mount&gt;/login</c> with <paramref name="body"/>.</summary>
    private protected Task<VaultAuthToken> LoginAtMountAsync(VaultClient client, string mount, JsonObject body, CancellationToken cancellationToken) =>
        client.LoginAsync("auth/" + mount.Trim('/') + "/login", body, Description, cancellationToken);

    private protected static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VaultRequestException($"vault: cannot read the {what} from '{path}': {ex.Message}", null, ex);
        }
    }
}
