namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>helm could not be run, or its output could not be read (not a template error: those are results).</summary>
internal sealed class RenderException(string message) : Exception(message);
