namespace SecretsKit.Core.Tests;
