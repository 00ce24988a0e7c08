namespace SecretsKit.Agent.Model;

internal enum StoreKind
{
    SecretStore,
    ClusterSecretStore,
}
