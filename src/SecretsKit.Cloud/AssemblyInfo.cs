namespace SecretsKit.Cloud;
