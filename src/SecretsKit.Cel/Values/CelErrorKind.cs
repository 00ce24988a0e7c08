namespace SecretsKit.Cel.Values;

/// <summary>The kinds of CEL runtime errors (decide on these, never on message text).</summary>
public enum CelErrorKind
{
    NoSuchOverload,
    NoSuchKey,
    NoSuchField,
    IndexOutOfRange,
    DivideByZero,
    Overflow,
    InvalidArgument,
    UndeclaredReference,
    UnknownFunction,
    UnsupportedType,
    DuplicateKey,
    InvalidRegex,
}
