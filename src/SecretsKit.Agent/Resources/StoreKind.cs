namespace SecretsKit.Agent.Resources;

internal enum StoreKind
{
    SecretStore,
    ClusterSecretStore,
}
