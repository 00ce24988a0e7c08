using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary><c>isSubset</c> / <c>isNotSubset</c>: the object at <c>path</c> has every key of <c>content</c> with an equal value.</summary>
internal sealed class IsSubsetAssert(AssertParams p) : IAssertValidator
{
    private readonly string _path = p.String("path");
    private readonly object? _content = p.Any("content");

    public AssertOutcome Validate(ValidateContext context) =>
        PathAssert.Validate(context, _path, (actual, m, a) =>
        {
            if (actual is IReadOnlyDictionary<string, object?> map && _content is IReadOnlyDictionary<string, object?> content)
                return ContainsAssert.IsSubset(map, content) == context.Negative ? new AssertOutcome(false, Fail(actual, m, a, context.Negative)) : AssertOutcome.Pass;
            return new AssertOutcome(false, FailInfo.Error(m, a, $"expect '{_path}' to be an object, got:\n{ManifestValues.Yaml(actual)}"));
        }, () => Fail("no manifest found", -1, -1, false));

    private List<string> Fail(object? actual, int manifestIndex, int index, bool not) =>
        FailInfo.Lines(FailInfo.Format(not, true, true, false, " to contain"), manifestIndex, index, _path, ManifestValues.Yaml(_content), ManifestValues.Yaml(actual));
}
