namespace SecretsKit.Deploy.Validation;

/// <summary>One document's place in a manifest stream: its text from <see cref="Start"/> to <see cref="End"/> and the
/// line it starts on (<see cref="RenderedDocument.Ranges"/>).</summary>
internal readonly record struct DocumentRange(int Start, int End, int Line);
