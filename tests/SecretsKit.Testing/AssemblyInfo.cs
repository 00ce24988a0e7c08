namespace SecretsKit.Testing;
