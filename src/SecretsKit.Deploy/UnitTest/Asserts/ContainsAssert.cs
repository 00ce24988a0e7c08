using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// <c>contains</c> / <c>notContains</c>: the list at <c>path</c> holds <c>content</c> (with <c>any</c>, an object that
/// has content's keys with its values), <c>count</c> times when given.
/// </summary>
internal sealed class ContainsAssert(AssertParams p) : IAssertValidator
{
    private readonly string _path = p.String("path");
    private readonly object? _content = p.Any("content");
    private readonly long? _count = p.Int("count");
    private readonly bool _any = p.Bool("any");

    public AssertOutcome Validate(ValidateContext context) =>
        PathAssert.Validate(context, _path, (actual, m, a) => Single(actual, m, a, context.Negative), () => Fail("no manifest found", 0, -1, false));

    private AssertOutcome Single(object? actual, int manifestIndex, int index, bool negative)
    {
        if (actual is not IReadOnlyList<object?> list)
            return new AssertOutcome(false, FailInfo.Error(manifestIndex, index, $"expect '{_path}' to be an array, got:\n{ManifestValues.Yaml(actual)}"));
        var found = 0;
        foreach (var element in list)
        {
            var isArray = false;
            if (_any)
            {
                if (element is IReadOnlyDictionary<string, object?> subset && _content is IReadOnlyDictionary<string, object?> content)
                {
                    if (IsSubset(subset, content)) found++;
                }
                else isArray = true;
            }
            if ((!_any || isArray) && ManifestValues.DeepEqual(element, _content)) found++;
        }
        if (_count is null && found > 0 == negative) return new AssertOutcome(false, Fail(list, manifestIndex, index, negative));
        if (_count is { } count && (found > 0 && found == count) == negative)
        {
            return new AssertOutcome(false, found == 0
                ? Fail(list, manifestIndex, index, negative)
                : FailInfo.Error(manifestIndex, index, $"expect count {count} in '{_path}' to be in array, got {found}:\n{ManifestValues.Yaml(list)}"));
        }
        return AssertOutcome.Pass;
    }

    /// <summary>Every key of <paramref name="content"/> is in <paramref name="actual"/> with an equal value.</summary>
    public static bool IsSubset(IReadOnlyDictionary<string, object?> actual, IReadOnlyDictionary<string, object?> content) =>
        content.All(kv => ManifestValues.DeepEqual(actual.GetValueOrDefault(kv.Key), kv.Value));

    private List<string> Fail(object? actual, int manifestIndex, int index, bool not) =>
        FailInfo.Lines(FailInfo.Format(not, true, true, false, " to contain"), manifestIndex, index, _path, ManifestValues.Yaml(new List<object?> { _content }), ManifestValues.Yaml(actual));
}
