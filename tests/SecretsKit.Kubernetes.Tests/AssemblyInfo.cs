namespace SecretsKit.Kubernetes.Tests;
