namespace SecretsKit.Testing.Aws.Kms;

/// <summary>One request the fake KMS/STS received: operation, signing region and access key, key and status returned.</summary>
public sealed record KmsCall(string Operation, string Region, string AccessKeyId, bool HasSessionToken, string KeyId, int Status);
