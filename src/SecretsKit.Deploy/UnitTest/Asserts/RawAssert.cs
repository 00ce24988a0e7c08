using SecretsKit.Deploy.UnitTest.Values;
using SecretsKit.Go;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// <c>equalRaw</c> / <c>notEqualRaw</c> (<c>value</c>) and <c>matchRegexRaw</c> / <c>notMatchRegexRaw</c>
/// (<c>pattern</c>): the raw text of a non-YAML template (NOTES.txt) equals the value or matches the pattern.
/// </summary>
internal sealed class RawAssert : IAssertValidator
{
    private readonly string _expected;
    private readonly bool _regex;

    private RawAssert(string expected, bool regex) => (_expected, _regex) = (expected, regex);

    public static RawAssert Equal(AssertParams p) => new(p.String("value"), regex: false);

    public static RawAssert Match(AssertParams p) => new(p.String("pattern"), regex: true);

    public AssertOutcome Validate(ValidateContext context)
    {
        if (_regex && _expected.Length == 0) return new AssertOutcome(false, FailInfo.Error(-1, -1, "expected field 'pattern' to be filled"));
        GoRegex? regex = null;
        try
        {
            if (_regex) regex = GoRegex.Compile(_expected);
        }
        catch (GoException e)
        {
            return new AssertOutcome(false, FailInfo.Error(-1, -1, e.Message));
        }
        var manifests = context.Selected;
        var success = false;
        var errors = new List<string>();
        for (var i = 0; i < manifests.Count; i++)
        {
            var actual = Uniform.Content(manifests[i] is IReadOnlyDictionary<string, object?> m ? m.GetValueOrDefault(ManifestValues.RawKey) : null);
            var holds = regex is not null ? regex.IsMatch(actual) : _expected == actual;
            if (holds == context.Negative)
            {
                success = false;
                errors.AddRange(Fail(actual, context.Negative));
                if (context.FailFast) break;
                continue;
            }
            success = i == 0 || success;
        }
        if (manifests.Count == 0 && !context.Negative) errors.AddRange(Fail("no manifest found", false));
        else if (manifests.Count == 0) success = true;
        return new AssertOutcome(success, errors);
    }

    private List<string> Fail(string actual, bool not)
    {
        if (_regex) return FailInfo.Lines(FailInfo.Format(not, false, true, false, " to match"), -1, -1, _expected, actual);
        var expected = ManifestValues.Yaml(_expected);
        if (not) return FailInfo.Lines(FailInfo.Format(true, false, false, false, " to equal"), -1, -1, expected);
        var actualYaml = ManifestValues.Yaml(actual);
        return FailInfo.Lines(FailInfo.Format(false, false, true, true, " to equal"), -1, -1, expected, actualYaml, FailInfo.Diff(expected, actualYaml));
    }
}
