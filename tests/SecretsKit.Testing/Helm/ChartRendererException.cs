namespace SecretsKit.Testing.Helm;

/// <summary>A template that does not parse or render: names the template file and what went wrong.</summary>
public sealed class ChartRendererException(string message) : Exception(message);
