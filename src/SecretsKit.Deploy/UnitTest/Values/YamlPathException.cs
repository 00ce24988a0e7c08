namespace SecretsKit.Deploy.UnitTest.Values;

/// <summary>A path of an assertion or a document selector that cannot be parsed (the assertion fails with this message).</summary>
internal sealed class YamlPathException(string message) : Exception(message);
