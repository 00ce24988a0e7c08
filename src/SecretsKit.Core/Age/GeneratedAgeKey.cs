namespace SecretsKit.Core.Age;

/// <summary>A new X25519 identity and its <c>keys.txt</c> text, as <c>age-keygen</c> writes it.</summary>
public sealed record GeneratedAgeKey(string Recipient, string SecretKey, string KeysFileText);
