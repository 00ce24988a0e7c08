using SecretsKit.Cel;
using SecretsKit.Cel.Values;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// What one expression evaluated to: a CEL value, or the API server's error text for it, with the CEL error itself and
/// the bare cause (<c>no such key: x</c>, without <c>expression '…' resulted in error:</c>; for a composited variable's
/// error); <see cref="Compiled"/> false when the expression did not compile.
/// </summary>
internal readonly record struct ExpressionOutcome(object? Value, string? Error, CelError? Raw = null, string? Cause = null, bool Compiled = true)
{
    public bool Failed => Error is not null;
}
