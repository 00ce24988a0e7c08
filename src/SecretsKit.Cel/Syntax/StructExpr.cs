namespace SecretsKit.Cel.Syntax;

/// <summary>A message literal <c>T{f: v}</c>; parsed so the grammar is complete, evaluated as an error since this
/// interpreter has no protobuf message types (field names are <see cref="ConstExpr"/> strings).</summary>
internal sealed class StructExpr(string typeName, IReadOnlyList<MapEntry> fields)
    : Expr(MaxHeight(fields.Select(f => f.Value)))
{
    public string TypeName { get; } = typeName;

    public IReadOnlyList<MapEntry> Fields { get; } = fields;
}
