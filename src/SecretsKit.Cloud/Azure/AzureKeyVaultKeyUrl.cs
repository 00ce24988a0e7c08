using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Azure;

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
                $"azure_kv: '{url}' is not a Key Vault key URL (expected https://<vault>/keys/<name>[/<version>])");
        }
        return (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
    }
}
