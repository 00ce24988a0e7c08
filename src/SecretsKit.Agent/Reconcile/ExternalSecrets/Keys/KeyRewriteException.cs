namespace SecretsKit.Agent.Reconcile.ExternalSecrets.Keys;

/// <summary>A rewrite, conversion or key check failed; the message is ESO's (key names only, never values).</summary>
internal sealed class KeyRewriteException(string message) : Exception(message);
