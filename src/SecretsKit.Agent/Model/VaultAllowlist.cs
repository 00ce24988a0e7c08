using SecretsKit.Core.Platform;

namespace SecretsKit.Agent.Model;

/// <summary>
/// The Vault addresses a SopsSecret's <c>hc_vault</c> keys may name (<c>--vault-allowlist</c>). Decrypting sends the agent's
/// own Vault token to the address the document names, and a tenant writes that document: so unlike sops (whose
/// <c>SOPS_HC_VAULT_ALLOWLIST</c> defaults to <c>all</c>) the agent allows no address unless the operator lists it.
/// </summary>
internal static class VaultAllowlist
{
    /// <summary>
    /// <paramref name="addresses"/> as the <c>SOPS_HC_VAULT_ALLOWLIST</c> value the transit key source reads: each address
    /// as <c>scheme://host:port/</c>, so a listed <c>https://vault:8200</c> does not also admit <c>https://vault:8200.evil</c>;
    /// <c>none</c> when the list is empty.
    /// </summary>
    public static string ToVariable(IReadOnlyList<string> addresses) =>
        addresses.Count == 0 ? "none" : string.Join(',', addresses.Select(Normalize));

    /// <summary>An address as <c>scheme://host:port/</c>, or an <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static string Normalize(string address)
    {
        if (!Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0 || uri.PathAndQuery is not ("/" or "") || uri.Fragment.Length > 0)
        {
            throw new ArgumentException($"'{address}' is not a Vault address (http(s)://host[:port], nothing after it)");
        }
        return uri.GetLeftPart(UriPartial.Authority) + "/";
    }

    /// <summary><paramref name="inner"/> with <c>SOPS_HC_VAULT_ALLOWLIST</c> set to <paramref name="variable"/>, whatever the process has.</summary>
    public static IEnvironment Apply(IEnvironment inner, string variable) => new Overlay(inner, variable);

    private sealed class Overlay(IEnvironment inner, string allowlist) : IEnvironment
    {
        private const string Name = "SOPS_HC_VAULT_ALLOWLIST";

        public string? Get(string name) => name == Name ? allowlist : inner.Get(name);

        public IReadOnlyDictionary<string, string> Variables =>
            new Dictionary<string, string>(inner.Variables.Where(kv => kv.Key != Name), StringComparer.Ordinal) { [Name] = allowlist };

        public string HomeDirectory => inner.HomeDirectory;

        public string CurrentDirectory => inner.CurrentDirectory;
    }
}
