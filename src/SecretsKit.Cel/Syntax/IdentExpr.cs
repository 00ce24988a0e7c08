namespace SecretsKit.Cel.Syntax;

/// <summary>An identifier; <see cref="Absolute"/> when written with a leading dot (no container resolution).</summary>
internal sealed class IdentExpr(string name, bool absolute) : Expr(1)
{
    public string Name { get; } = name;

    public bool Absolute { get; } = absolute;
}
