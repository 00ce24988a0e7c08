using SecretsKit.Cel;
using SecretsKit.Cel.Values;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>What one expression evaluated to: a CEL value, or the API server's error text for it (and the CEL error itself, which a variable passes on).</summary>
internal readonly record struct ExpressionOutcome(object? Value, string? Error, CelError? Raw = null)
{
    public bool Failed => Error is not null;
}
