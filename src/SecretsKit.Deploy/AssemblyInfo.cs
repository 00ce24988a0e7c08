namespace SecretsKit.Deploy;
