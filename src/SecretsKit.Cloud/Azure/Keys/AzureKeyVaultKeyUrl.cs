using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Azure.Keys;

/// <summary>sops' Key Vault key URL syntax: <c>https://&lt;vault&gt;/keys/&lt;name&gt;[/&lt;version&gt;]</c>.</summary>
internal static partial class AzureKeyVaultKeyUrl
{
    [GeneratedRegex(@"^(https://[^/]+)/keys/([^/]+)(?:/([^/]*))?/?$")]
    private static partial Regex Pattern();

    public static (string VaultUrl, string Name, string Version) Parse(string url)
    {
        var match = Pattern().Match(url.Trim());
        if (!match.Success)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"azure_kv: '{Echo.Bounded(WithoutUserInfo(url))}' is not a Key Vault key URL (expected https://<vault>/keys/<name>[/<version>])");
        }
        return (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
    }

    [GeneratedRegex(@"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")]
    private static partial Regex VaultUrlPattern();

    [GeneratedRegex(@"^[0-9A-Za-z-]{1,127}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[0-9A-Za-z]{0,64}$")]
    private static partial Regex VersionPattern();

    /// <summary>
    /// Checks a key read from a file's metadata (<c>vault_url</c>, <c>name</c>, <c>version</c>): the vault is https and a
    /// host only, the name and version are Key Vault identifiers, so none of them can steer the request elsewhere.
    /// </summary>
    public static (string VaultUrl, string Name, string Version) Validate(string vaultUrl, string name, string version)
    {
        var url = vaultUrl.TrimEnd('/');
        if (!VaultUrlPattern().IsMatch(url) || !NamePattern().IsMatch(name) || !VersionPattern().IsMatch(version))
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"azure_kv: key '{Echo.Bounded(WithoutUserInfo($"{url}/keys/{name}/{version}"))}' is refused: expected https://<vault host>, a key name of letters, digits and dashes, and a hex version");
        }
        return (url, name, version);
    }

    [GeneratedRegex(@"//[^/@]*@")]
    private static partial Regex UserInfoPattern();

    /// <summary>The URL with any <c>user:password@</c> replaced by <c>***@</c>: a refusal must not print a password.</summary>
    private static string WithoutUserInfo(string url) => UserInfoPattern().Replace(url, "//***@", 1);
}
