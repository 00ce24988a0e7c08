using SecretsKit.Deploy.UnitTest.Values;
using SecretsKit.Go;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary><c>matchRegex</c> / <c>notMatchRegex</c>: the string at <c>path</c> matches <c>pattern</c> (Go RE2 syntax; <c>decodeBase64</c> first).</summary>
internal sealed class MatchRegexAssert(AssertParams p) : IAssertValidator
{
    private readonly string _path = p.String("path");
    private readonly string _pattern = p.String("pattern");
    private readonly bool _decodeBase64 = p.Bool("decodeBase64");

    public AssertOutcome Validate(ValidateContext context)
    {
        if (_pattern.Length == 0) return new AssertOutcome(false, FailInfo.Error(-1, -1, "expected field 'pattern' to be filled"));
        GoRegex regex;
        try
        {
            regex = GoRegex.Compile(_pattern);
        }
        catch (GoException e)
        {
            return new AssertOutcome(false, FailInfo.Error(-1, -1, e.Message));
        }
        return PathAssert.Validate(context, _path, (actual, m, a) => Single(actual, regex, m, a, context.Negative), () => Fail("no manifest found", -1, -1, false));
    }

    private AssertOutcome Single(object? actual, GoRegex regex, int manifestIndex, int actualIndex, bool negative)
    {
        if (actual is not string s)
            return new AssertOutcome(false, FailInfo.Error(manifestIndex, actualIndex, $"expect '{_path}' to be a string, got:\n{ManifestValues.Yaml(actual)}"));
        if (_decodeBase64)
        {
            if (Base64.Decode(s) is not { } decoded) return new AssertOutcome(false, FailInfo.Error(manifestIndex, actualIndex, $"unable to decode base64 expected content {s}"));
            s = decoded;
        }
        return regex.IsMatch(s) == negative ? new AssertOutcome(false, Fail(s, manifestIndex, actualIndex, negative)) : AssertOutcome.Pass;
    }

    private List<string> Fail(string actual, int manifestIndex, int actualIndex, bool not) =>
        FailInfo.Lines(FailInfo.Format(not, true, true, false, " to match"), manifestIndex, actualIndex, _path, _pattern, actual);
}
