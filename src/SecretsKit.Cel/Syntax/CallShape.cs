namespace SecretsKit.Cel.Syntax;

/// <summary>How a <see cref="CallExpr"/> evaluates its arguments: all of them first (a strict call), or as one of the
/// operators that absorb errors and skip what they do not need.</summary>
internal enum CallShape : byte
{
    Strict,
    And,
    Or,
    Conditional,
    NotStrictlyFalse,
}
