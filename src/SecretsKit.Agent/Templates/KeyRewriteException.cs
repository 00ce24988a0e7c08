namespace SecretsKit.Agent.Templates;

/// <summary>A rewrite, conversion or key check failed; the message is ESO's (key names only, never values).</summary>
internal sealed class KeyRewriteException(string message) : Exception(message);
