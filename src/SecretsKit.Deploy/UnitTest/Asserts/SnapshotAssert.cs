using SecretsKit.Deploy.UnitTest.Snapshots;
using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// <c>matchSnapshot</c> (the value at <c>path</c>, the whole document when empty; <c>matchRegex</c>/<c>notMatchRegex</c>
/// check the snapshot text instead) and <c>matchSnapshotRaw</c> (a non-YAML template's text) against the suite's
/// <c>__snapshot__</c> file.
/// </summary>
internal sealed class SnapshotAssert : IAssertValidator
{
    private readonly string _path;
    private readonly string? _matchRegex;
    private readonly string? _notMatchRegex;
    private readonly bool _raw;

    private SnapshotAssert(string path, string? matchRegex, string? notMatchRegex, bool raw) =>
        (_path, _matchRegex, _notMatchRegex, _raw) = (path, matchRegex, notMatchRegex, raw);

    public static SnapshotAssert Document(AssertParams p) =>
        new(p.String("path"), p.Nested("matchRegex").String("pattern"), p.Nested("notMatchRegex").String("pattern"), raw: false);

    public static SnapshotAssert Raw(AssertParams p) => new("", null, null, raw: true);

    public AssertOutcome Validate(ValidateContext context)
    {
        var manifests = context.Selected;
        var success = manifests.Count == 0 && !context.Negative;
        var errors = new List<string>();
        for (var i = 0; i < manifests.Count; i++)
        {
            var outcome = _raw ? One(Uniform.Content(Raw(manifests[i])), -1, -1, context) : Values(manifests[i], i, context);
            errors.AddRange(outcome.Info);
            success = i == 0 ? outcome.Passed : success && outcome.Passed;
            if (!success && context.FailFast) break;
        }
        return new AssertOutcome(success, errors);
    }

    private static object? Raw(object? doc) => doc is IReadOnlyDictionary<string, object?> m ? m.GetValueOrDefault(ManifestValues.RawKey) : null;

    private AssertOutcome Values(object? doc, int manifestIndex, ValidateContext context)
    {
        var (actuals, error) = PathAssert.Find(doc, _path, manifestIndex);
        if (error is not null) return error;
        if (actuals.Count == 0 && !context.Negative) return new AssertOutcome(false, FailInfo.Error(manifestIndex, -1, $"unknown path {_path}"));
        var success = actuals.Count == 0 && context.Negative;
        var errors = new List<string>();
        for (var i = 0; i < actuals.Count; i++)
        {
            var outcome = One(actuals[i], manifestIndex, i, context);
            errors.AddRange(outcome.Info);
            success = i == 0 ? outcome.Passed : success && outcome.Passed;
            if (!success && context.FailFast) break;
        }
        return new AssertOutcome(success, errors);
    }

    private AssertOutcome One(object? value, int manifestIndex, int index, ValidateContext context)
    {
        var compared = context.CompareToSnapshot(value, _matchRegex, _notMatchRegex);
        if (compared.Error is { } e) return new AssertOutcome(false, FailInfo.Error(manifestIndex, index, e));
        return compared.Passed == context.Negative ? new AssertOutcome(false, Fail(compared, manifestIndex, index, context.Negative)) : AssertOutcome.Pass;
    }

    private List<string> Fail(SnapshotComparison compared, int manifestIndex, int index, bool not)
    {
        if (!_raw && compared.Message.Length > 0)
            return FailInfo.Lines(FailInfo.Format(not, false, false, false, compared.Message), manifestIndex, index, compared.CachedSnapshot);
        var custom = " to match snapshot " + compared.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shown = not ? compared.CachedSnapshot : FailInfo.Diff(compared.CachedSnapshot, compared.NewSnapshot);
        return _raw
            ? FailInfo.Lines(FailInfo.Format(not, false, false, false, custom), -1, -1, shown)
            : FailInfo.Lines(FailInfo.Format(not, true, false, false, custom), manifestIndex, index, _path, shown);
    }
}
