namespace SecretsKit.Cli.Tests;
