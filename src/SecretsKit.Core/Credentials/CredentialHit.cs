namespace SecretsKit.Core.Credentials;

/// <summary>
/// A credential found in a file: the rule (<see cref="CredentialShape.Id"/>, <c>kubernetes-secret-yaml</c> or
/// <c>generic-api-key</c>), what was found in words (a shape's name, a key name: never the value) and its 1-based line.
/// </summary>
public sealed record CredentialHit(string RuleId, string What, int Line);
