namespace SecretsKit.Cel.Syntax;

/// <summary>One <c>key: value</c> of a map literal (or <c>field: value</c> of a message literal); <c>?key: value</c>
/// is optional.</summary>
internal sealed record MapEntry(Expr Key, Expr Value, bool Optional);
