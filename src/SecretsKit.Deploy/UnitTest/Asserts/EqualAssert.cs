using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary><c>equal</c> / <c>notEqual</c>: the value at <c>path</c> equals <c>value</c> (strings compared with trailing spaces before newlines removed; <c>decodeBase64</c> first).</summary>
internal sealed class EqualAssert(AssertParams p) : IAssertValidator
{
    private readonly string _path = p.String("path");
    private readonly object? _value = p.Any("value");
    private readonly bool _decodeBase64 = p.Bool("decodeBase64");

    public AssertOutcome Validate(ValidateContext context) =>
        PathAssert.Validate(context, _path, (actual, m, a) => Single(actual, m, a, context.Negative), () => Fail("no manifest found", -1, -1, context.Negative));

    private AssertOutcome Single(object? actual, int manifestIndex, int actualIndex, bool negative)
    {
        if (actual is string s)
        {
            if (_decodeBase64)
            {
                if (Base64.Decode(s) is not { } decoded) return new AssertOutcome(false, FailInfo.Error(manifestIndex, actualIndex, $"unable to decode base64 expected content {s}"));
                s = decoded;
            }
            actual = Uniform.Content(s);
        }
        return ManifestValues.DeepEqual(_value, actual) == negative ? new AssertOutcome(false, Fail(actual, manifestIndex, actualIndex, negative)) : AssertOutcome.Pass;
    }

    private List<string> Fail(object? actual, int manifestIndex, int actualIndex, bool not)
    {
        var expected = ManifestValues.Yaml(_value);
        if (not) return FailInfo.Lines(FailInfo.Format(true, true, false, false, " to equal"), manifestIndex, actualIndex, _path, expected);
        var actualYaml = ManifestValues.Yaml(actual);
        return FailInfo.Lines(FailInfo.Format(false, true, true, true, " to equal"), manifestIndex, actualIndex, _path, expected, actualYaml, FailInfo.Diff(expected, actualYaml));
    }
}
