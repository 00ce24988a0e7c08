namespace SecretsKit.Deploy.Tests;
