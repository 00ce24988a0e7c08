namespace SecretsKit.Cel.Values;

/// <summary>A CEL runtime error, carried as a value (cel-spec: errors propagate through strict functions and are
/// absorbed by <c>&amp;&amp;</c>, <c>||</c>, <c>?:</c> and the all/exists macros when the result does not depend on
/// them).</summary>
public sealed class CelError(CelErrorKind kind, string message)
{
    public CelErrorKind Kind { get; } = kind;

    public string Message { get; } = message;

    public override string ToString() => Message;

    internal static CelError NoOverload(string function) => new(CelErrorKind.NoSuchOverload, $"no such overload: {function}");

    internal static CelError Overflow(string what = "integer") => new(CelErrorKind.Overflow, $"{what} overflow");

    internal static CelError Invalid(string message) => new(CelErrorKind.InvalidArgument, message);
}
