using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// Reads the Vault CLI's environment (<c>VAULT_ADDR</c>, <c>VAULT_TOKEN</c> else <c>~/.vault-token</c>,
/// <c>VAULT_NAMESPACE</c>, <c>VAULT_CACERT</c>, <c>VAULT_CAPATH</c>, <c>VAULT_SKIP_VERIFY</c>) from an <see cref="IEnvironment"/>.
/// </summary>
public static class VaultEnvironment
{
    /// <summary>The token from <c>VAULT_TOKEN</c>, else the contents of <c>~/.vault-token</c>, else null.</summary>
    public static string? FindToken(IEnvironment environment)
    {
        var token = environment.Get("VAULT_TOKEN");
        if (!string.IsNullOrWhiteSpace(token)) return token.Trim();
        var file = Path.Combine(environment.HomeDirectory, ".vault-token");
        if (!File.Exists(file)) return null;
        var content = File.ReadAllText(file).Trim();
        return content.Length == 0 ? null : content;
    }

    /// <summary>
    /// Client options for <paramref name="address"/> (or <c>VAULT_ADDR</c>, else <c>https://127.0.0.1:8200</c> as the
    /// Vault CLI does) with the environment's token; <paramref name="auth"/> replaces the token when given.
    /// </summary>
    public static VaultClientOptions CreateOptions(IEnvironment environment, Uri? address = null, VaultAuthMethod? auth = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        address ??= new Uri(environment.Get("VAULT_ADDR") ?? "https://127.0.0.1:8200");
        if (auth is null)
        {
            var token = FindToken(environment) ?? throw new SecretsKitException(ExitCodes.Generic,
                $"vault: no token for {address.GetLeftPart(UriPartial.Authority)}",
                "set VAULT_TOKEN or write the token to ~/.vault-token (vault login does)");
            auth = new VaultTokenAuth(token);
        }
        return new VaultClientOptions
        {
            Address = address,
            Auth = auth,
            Namespace = environment.Get("VAULT_NAMESPACE"),
            CaCertificateFile = environment.Get("VAULT_CACERT"),
            CaCertificateDirectory = environment.Get("VAULT_CAPATH"),
            SkipTlsVerify = IsTrue(environment.Get("VAULT_SKIP_VERIFY")),
            Time = time ?? TimeProvider.System,
        };
    }

    private static bool IsTrue(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase) ||
                              value.Equals("t", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
}
