namespace SecretsKit.Cel.Syntax;

/// <summary>The comprehension macros (cel-spec's all, exists, exists_one, map, filter; the two-variable forms and
/// transforms of cel-go's comprehensions extension).</summary>
internal enum MacroKind
{
    All,
    Exists,
    ExistsOne,
    Map,
    Filter,
    TransformList,
    TransformMap,
    TransformMapEntry,
    OptMap,
    OptFlatMap,
    Bind,
}
