using System.Globalization;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// <c>lengthEqual</c> / <c>notLengthEqual</c>: the list at <c>path</c> has <c>count</c> items, or the lists at
/// <c>paths</c> all have the same length (and <c>count</c> when given).
/// </summary>
internal sealed class LengthEqualAssert(AssertParams p) : IAssertValidator
{
    private readonly string _path = p.String("path");
    private readonly IReadOnlyList<string> _paths = p.Strings("paths");
    private readonly long? _count = p.Int("count");

    public AssertOutcome Validate(ValidateContext context)
    {
        if (_path.Length > 0 && _count is null or < 0) return new AssertOutcome(false, FailInfo.Error(-1, -1, "'count' field must be set if 'path' is used"));
        if (_path.Length > 0 && _paths.Count > 0) return new AssertOutcome(false, FailInfo.Error(-1, -1, "'paths' couldn't be used with 'path'"));
        return PathAssert.Documents(context, (doc, i) => _path.Length > 0 ? Counts(doc, _path, i, context).Outcome : Multiple(doc, i, context),
            () => Fail("", "", "no manifest found", -1, false));
    }

    private (AssertOutcome Outcome, int Length) Counts(object? doc, string path, int manifestIndex, ValidateContext context)
    {
        var (actuals, error) = PathAssert.Find(doc, path, manifestIndex);
        if (error is not null) return (error, 0);
        var success = actuals.Count == 0 && context.Negative;
        var errors = new List<string>();
        var length = 0;
        for (var i = 0; i < actuals.Count; i++)
        {
            var list = actuals[i] as IReadOnlyList<object?>;
            if (list is null && _count is null)
            {
                errors.AddRange(FailInfo.Error(manifestIndex, i, $"{path} is not array"));
                continue;
            }
            length = list?.Count ?? 0;
            var ok = true;
            if (_count is { } count && (length == count) == context.Negative)
            {
                errors.AddRange(Fail(path, Itoa(count), Itoa(length), manifestIndex, context.Negative));
                ok = false;
            }
            success = i == 0 ? ok : success && ok;
            if (!success && context.FailFast) break;
        }
        return (new AssertOutcome(success, errors), length);
    }

    private AssertOutcome Multiple(object? doc, int manifestIndex, ValidateContext context)
    {
        var errors = new List<string>();
        var lengths = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var allOk = true;
        foreach (var path in _paths)
        {
            var (outcome, length) = Counts(doc, path, manifestIndex, context);
            lengths[path] = length;
            if (outcome.Passed) continue;
            errors.AddRange(outcome.Info);
            allOk = false;
        }
        if (!allOk) return new AssertOutcome(false, errors);
        var first = -1;
        foreach (var (path, length) in lengths)
        {
            if (first == -1) first = length;
            else if ((first == length) == context.Negative) return new AssertOutcome(false, [.. errors, .. Fail(path, "-1", Itoa(length), manifestIndex, context.Negative)]);
        }
        return new AssertOutcome(first != -1, errors);
    }

    private static string Itoa(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static List<string> Fail(string path, string count, string actual, int manifestIndex, bool not) =>
        FailInfo.Lines(FailInfo.Format(not, true, true, false, " to match count"), manifestIndex, -1, path, count, actual);
}
