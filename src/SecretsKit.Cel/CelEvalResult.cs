using SecretsKit.Cel.Values;

namespace SecretsKit.Cel;

/// <summary>The outcome of one evaluation: a value, or the CEL error it evaluated to (<see cref="Error"/>), or
/// unknown; and the cost it spent.</summary>
public sealed class CelEvalResult(object? value, long cost)
{
    /// <summary>The value (a <see cref="CelError"/> or <see cref="CelUnknown"/> when evaluation ended in one).</summary>
    public object? Value { get; } = value;

    public CelError? Error => Value as CelError;

    public bool IsUnknown => Value is CelUnknown;

    public long Cost { get; } = cost;
}
