namespace SecretsKit.Core.Config;

/// <summary>The key names inside a <c>key_groups</c> entry, which also name single-group rule keys once parsed.</summary>
public static class ConfigGroupKeys
{
    public const string Age = "age";
    public const string Pgp = "pgp";
    public const string Kms = "kms";
    public const string GcpKms = "gcp_kms";
    public const string Hckms = "hckms";
    public const string AzureKeyVault = "azure_keyvault";
    public const string HcVault = "hc_vault";

    /// <summary>sops's order when it builds a group from a creation rule (and inside each <c>key_groups</c> entry).</summary>
    public static IReadOnlyList<string> RuleOrder { get; } = [Age, Pgp, Kms, GcpKms, Hckms, AzureKeyVault, HcVault];
}
