namespace SecretsKit.Testing.Azure;

/// <summary>One request the fake vault received: operation (<c>token</c>, <c>getKey</c>, <c>encrypt</c>, <c>getSecret</c>, …), object name, status.</summary>
public sealed record AzureKeyVaultCall(string Operation, string Name, int Status);
