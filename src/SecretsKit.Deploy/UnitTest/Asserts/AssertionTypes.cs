namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>Every assertion key helm-unittest documents, one row each (the registration point of an assertion type).</summary>
internal static class AssertionTypes
{
    public static IReadOnlyDictionary<string, AssertionType> ByName { get; } = new AssertionType[]
    {
        new("matchSnapshot", SnapshotAssert.Document),
        new("matchSnapshotRaw", SnapshotAssert.Raw),
        new("equal", p => new EqualAssert(p)),
        new("notEqual", p => new EqualAssert(p), Antonym: true),
        new("greaterOrEqual", ComparisonAssert.Greater),
        new("notGreaterOrEqual", ComparisonAssert.Greater, Antonym: true),
        new("lessOrEqual", ComparisonAssert.Less),
        new("notLessOrEqual", ComparisonAssert.Less, Antonym: true),
        new("equalRaw", RawAssert.Equal),
        new("notEqualRaw", RawAssert.Equal, Antonym: true),
        new("exists", p => new ExistsAssert(p)),
        new("notExists", p => new ExistsAssert(p), Antonym: true),
        new("matchRegex", p => new MatchRegexAssert(p)),
        new("notMatchRegex", p => new MatchRegexAssert(p), Antonym: true),
        new("matchRegexRaw", RawAssert.Match),
        new("notMatchRegexRaw", RawAssert.Match, Antonym: true),
        new("contains", p => new ContainsAssert(p)),
        new("notContains", p => new ContainsAssert(p), Antonym: true),
        new("isKind", FieldIsAssert.Kind),
        new("isAPIVersion", FieldIsAssert.ApiVersion),
        new("hasDocuments", p => new HasDocumentsAssert(p)),
        new("isSubset", p => new IsSubsetAssert(p)),
        new("isNotSubset", p => new IsSubsetAssert(p), Antonym: true),
        new("isNullOrEmpty", p => new IsNullOrEmptyAssert(p)),
        new("isNotNullOrEmpty", p => new IsNullOrEmptyAssert(p), Antonym: true),
        new("failedTemplate", p => new FailedTemplateAssert(p), RequireRenderSuccess: false),
        new("notFailedTemplate", p => new FailedTemplateAssert(p), Antonym: true),
        new("containsDocument", p => new ContainsDocumentAssert(p)),
        new("lengthEqual", p => new LengthEqualAssert(p)),
        new("notLengthEqual", p => new LengthEqualAssert(p), Antonym: true),
        new("isNull", p => new ExistsAssert(p), Antonym: true),
        new("isNotNull", p => new ExistsAssert(p)),
        new("isEmpty", p => new IsNullOrEmptyAssert(p)),
        new("isNotEmpty", p => new IsNullOrEmptyAssert(p), Antonym: true),
        new("isType", p => new IsTypeAssert(p)),
        new("isNotType", p => new IsTypeAssert(p), Antonym: true),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);
}
