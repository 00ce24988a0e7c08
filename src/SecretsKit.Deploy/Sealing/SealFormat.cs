namespace SecretsKit.Deploy.Sealing;

/// <summary>How a Secret holding decrypted values is written (<c>--secrets-as</c>).</summary>
public enum SealFormat
{
    /// <summary><c>sopssecret</c>: the agent's <c>SopsSecret</c> (secretskit.io/v1alpha1), decrypted in the cluster in its namespace only.</summary>
    SopsSecret,

    /// <summary>
    /// <c>sops-secret</c>: a <c>v1/Secret</c> SOPS document with <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> in plain
    /// text (<c>encrypted_regex: ^(data|stringData)$</c>), the shape Flux's kustomize-controller decrypts.
    /// </summary>
    FluxSecret,
}

/// <summary>The names <c>--secrets-as</c> takes.</summary>
public static class SealFormats
{
    public const string SopsSecretName = "sopssecret";

    public const string FluxSecretName = "sops-secret";

    public static SealFormat? Parse(string? name) => name switch
    {
        SopsSecretName => SealFormat.SopsSecret,
        FluxSecretName => SealFormat.FluxSecret,
        _ => null,
    };

    public static string Name(SealFormat format) => format == SealFormat.SopsSecret ? SopsSecretName : FluxSecretName;
}
