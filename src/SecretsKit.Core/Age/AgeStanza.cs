namespace SecretsKit.Core.Age;

/// <summary>One recipient stanza of an age header: <c>-&gt; type args…</c> and its binary body.</summary>
public sealed record AgeStanza(string Type, IReadOnlyList<string> Arguments, byte[] Body);
