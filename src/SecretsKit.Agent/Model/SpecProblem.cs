namespace SecretsKit.Agent.Model;

/// <summary>A spec field the agent does not accept: its path and the message to report.</summary>
internal sealed record SpecProblem(string Path, string Message);
