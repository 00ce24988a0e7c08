namespace SecretsKit.Testing.Gcp;

/// <summary>One request the fake Secret Manager received: operation (<c>access</c>, <c>get</c>, <c>list</c>, <c>create</c>, <c>addVersion</c>, <c>update</c>, <c>delete</c>, <c>token</c>), secret id and status.</summary>
public sealed record GcpSecretManagerCall(string Operation, string SecretId, int Status);
