namespace SecretsKit.Agent.Tests;
