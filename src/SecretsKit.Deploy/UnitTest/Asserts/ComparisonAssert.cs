using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// <c>greaterOrEqual</c> / <c>lessOrEqual</c> (and their <c>not…</c> forms): the value at <c>path</c> compared with
/// <c>value</c> of the same type (string, int or float). As in helm-unittest, the negation only changes <c>less</c>.
/// </summary>
internal sealed class ComparisonAssert(AssertParams p, string comparison) : IAssertValidator
{
    private readonly string _path = p.String("path");
    private readonly object? _value = p.Any("value");

    public static ComparisonAssert Greater(AssertParams p) => new(p, "greater");

    public static ComparisonAssert Less(AssertParams p) => new(p, "less");

    public AssertOutcome Validate(ValidateContext context) =>
        PathAssert.Validate(context, _path, (actual, m, a) => Single(actual, m, a, context.Negative),
            () => Fail("no manifests found", -1, -1, false), "unknown path '{0}'");

    private AssertOutcome Single(object? actual, int manifestIndex, int index, bool negative)
    {
        var (actualType, expectedType) = (ManifestValues.GoTypeName(actual), ManifestValues.GoTypeName(_value));
        if (actualType != expectedType)
            return new AssertOutcome(false, FailInfo.Error(manifestIndex, index, $"actual '{TypeText(actualType)}' and expected '{TypeText(expectedType)}' types do not match"));
        int? order = (_value, actual) switch
        {
            (string e, string a) => string.CompareOrdinal(a, e),
            (long e, long a) => a.CompareTo(e),
            (double e, double a) => a.CompareTo(e),
            _ => null,
        };
        if (order is not { } c)
            return new AssertOutcome(false, Fail($"unsupported type '{TypeText(expectedType)}'", manifestIndex, index, negative));
        // helm-unittest's expression, (greater && a >= e) || (less && a <= e) == !not, reads in Go as
        // (greater && a >= e) || (less && ((a <= e) == !not)): a negated greaterOrEqual always holds
        var holds = comparison == "greater" ? c >= 0 || negative : (c <= 0) == !negative;
        return holds ? AssertOutcome.Pass
            : new AssertOutcome(false, Fail($"the actual '{ManifestValues.Format(actual)}' is not {comparison} or equal to the expected '{ManifestValues.Format(_value)}'", manifestIndex, index, negative));
    }

    private static string TypeText(string goType) => goType.Length == 0 ? "%!s(<nil>)" : goType;

    private List<string> Fail(string message, int manifestIndex, int index, bool not) =>
        FailInfo.Lines(FailInfo.Format(not, true, false, false, $" to be {comparison} then or equal to, got"), manifestIndex, index, _path, message);
}
