namespace SecretsKit.Cel.Syntax;

/// <summary>A map literal.</summary>
internal sealed class MapExpr(IReadOnlyList<MapEntry> entries)
    : Expr(MaxHeight(entries.SelectMany(e => new[] { e.Key, e.Value })))
{
    public IReadOnlyList<MapEntry> Entries { get; } = entries;
}
