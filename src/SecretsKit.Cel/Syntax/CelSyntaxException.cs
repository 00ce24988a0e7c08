namespace SecretsKit.Cel.Syntax;

/// <summary>An expression that does not parse (syntax, literal, reserved word, depth or size limit); the message
/// carries the 1-based line and column.</summary>
public sealed class CelSyntaxException : Exception
{
    public CelSyntaxException()
    {
    }

    public CelSyntaxException(string message) : base(message)
    {
    }

    public CelSyntaxException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>True when a limit (nesting depth, expression size) refused the expression.</summary>
    public bool IsLimit { get; init; }
}
