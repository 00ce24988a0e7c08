namespace SecretsKit.Kubernetes;
