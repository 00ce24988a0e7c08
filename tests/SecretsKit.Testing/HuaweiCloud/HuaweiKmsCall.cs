namespace SecretsKit.Testing.HuaweiCloud;

/// <summary>One request the fake HuaweiCloud KMS received: operation (<c>encrypt-data</c>, <c>decrypt-data</c>), key uuid and status.</summary>
public sealed record HuaweiKmsCall(string Operation, string KeyId, int Status);
