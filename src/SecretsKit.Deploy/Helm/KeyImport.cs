namespace SecretsKit.Deploy.Helm;

/// <summary>Which key a helm-secrets getter URL brings along.</summary>
public enum KeyImport
{
    None,
    Age,
    Gpg,
}
