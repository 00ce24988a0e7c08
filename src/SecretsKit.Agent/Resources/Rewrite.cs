namespace SecretsKit.Agent.Resources;

/// <summary><c>rewrite[].regexp</c> (source/target).</summary>
internal sealed record Rewrite(string Source, string Target);
