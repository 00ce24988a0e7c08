namespace SecretsKit.Agent.Tests.Providers;

/// <summary>The provider a <see cref="ProviderHarness"/> runs.</summary>
public enum ProviderKind { Vault, AwsSecretsManager, AwsParameterStore, AzureKeyVault }
