namespace SecretsKit.Cloud.Tests;
