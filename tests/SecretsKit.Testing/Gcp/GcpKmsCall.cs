namespace SecretsKit.Testing.Gcp;

/// <summary>One request the fake Cloud KMS received: operation (<c>encrypt</c>, <c>decrypt</c>, <c>token</c>), key and status.</summary>
public sealed record GcpKmsCall(string Operation, string ResourceId, int Status);
