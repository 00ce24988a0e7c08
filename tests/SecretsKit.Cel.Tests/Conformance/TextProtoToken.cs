namespace SecretsKit.Cel.Tests.Conformance;

/// <summary>An unquoted text-format value: a number, an enum name, true or false.</summary>
internal sealed record TextProtoToken(string Text);
