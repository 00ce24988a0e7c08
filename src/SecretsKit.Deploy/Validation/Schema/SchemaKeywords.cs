using System.Runtime.CompilerServices;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>The keywords <see cref="SchemaReader"/> reads from one schema object.</summary>
internal enum SchemaKeyword
{
    Type,
    Format,
    IntOrString,
    OneOf,
    AnyOf,
    AllOf,
    AdditionalProperties,
    Properties,
    Required,
    Items,
    Enum,
    PreserveUnknownFields,
    Pattern,
    ListType,
    ListMapKeys,
    Default,
    Nullable,
    Validations,
    Ref,
    Minimum,
    Maximum,
    ExclusiveMinimum,
    ExclusiveMaximum,
    MinLength,
    MaxLength,
    MinItems,
    MaxItems,
    MinProperties,
    MaxProperties,
}

/// <summary>
/// One schema object's keywords, each with its value (undefined when absent or null), found in one pass over the
/// object's properties (<see cref="ISchemaElement{TSelf}.ReadKeywords"/>) instead of one lookup per keyword: a schema
/// object has a handful of properties and is asked for some thirty keywords, most of them absent.
/// </summary>
[InlineArray(KeywordCount)]
internal struct SchemaKeywords<T> where T : struct, ISchemaElement<T>
{
    public const int KeywordCount = (int)SchemaKeyword.MaxProperties + 1;

    private T _first;

    /// <summary>The value of <paramref name="keyword"/>, or an undefined element.</summary>
    public readonly T Get(SchemaKeyword keyword) => this[(int)keyword];

    /// <summary>Records the value of the keyword <paramref name="keyword"/> (<see cref="SchemaKeywordNames.Of"/>; a later
    /// property of the same name replaces it, as a JSON object's lookup finds the last); a null value counts as absent.</summary>
    public void Set(int keyword, T value) => this[keyword] = value.Kind == System.Text.Json.JsonValueKind.Null ? default : value;
}

/// <summary>The names of <see cref="SchemaKeyword"/>, as written in a schema.</summary>
internal static class SchemaKeywordNames
{
    /// <summary>The longest keyword name (<c>x-kubernetes-preserve-unknown-fields</c>).</summary>
    public const int MaxLength = 36;

    /// <summary>The keyword named <paramref name="name"/>, as an index, or -1.</summary>
    public static int Of(ReadOnlySpan<char> name) => name switch
    {
        "type" => (int)SchemaKeyword.Type,
        "format" => (int)SchemaKeyword.Format,
        "x-kubernetes-int-or-string" => (int)SchemaKeyword.IntOrString,
        "oneOf" => (int)SchemaKeyword.OneOf,
        "anyOf" => (int)SchemaKeyword.AnyOf,
        "allOf" => (int)SchemaKeyword.AllOf,
        "additionalProperties" => (int)SchemaKeyword.AdditionalProperties,
        "properties" => (int)SchemaKeyword.Properties,
        "required" => (int)SchemaKeyword.Required,
        "items" => (int)SchemaKeyword.Items,
        "enum" => (int)SchemaKeyword.Enum,
        "x-kubernetes-preserve-unknown-fields" => (int)SchemaKeyword.PreserveUnknownFields,
        "pattern" => (int)SchemaKeyword.Pattern,
        "x-kubernetes-list-type" => (int)SchemaKeyword.ListType,
        "x-kubernetes-list-map-keys" => (int)SchemaKeyword.ListMapKeys,
        "default" => (int)SchemaKeyword.Default,
        "nullable" => (int)SchemaKeyword.Nullable,
        "x-kubernetes-validations" => (int)SchemaKeyword.Validations,
        "$ref" => (int)SchemaKeyword.Ref,
        "minimum" => (int)SchemaKeyword.Minimum,
        "maximum" => (int)SchemaKeyword.Maximum,
        "exclusiveMinimum" => (int)SchemaKeyword.ExclusiveMinimum,
        "exclusiveMaximum" => (int)SchemaKeyword.ExclusiveMaximum,
        "minLength" => (int)SchemaKeyword.MinLength,
        "maxLength" => (int)SchemaKeyword.MaxLength,
        "minItems" => (int)SchemaKeyword.MinItems,
        "maxItems" => (int)SchemaKeyword.MaxItems,
        "minProperties" => (int)SchemaKeyword.MinProperties,
        "maxProperties" => (int)SchemaKeyword.MaxProperties,
        _ => -1,
    };
}
