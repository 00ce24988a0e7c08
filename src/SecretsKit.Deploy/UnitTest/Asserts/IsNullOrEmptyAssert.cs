using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary><c>isNullOrEmpty</c> / <c>isEmpty</c> and their negations: the value at <c>path</c> is null, a zero value, or an empty map or list.</summary>
internal sealed class IsNullOrEmptyAssert(AssertParams p) : IAssertValidator
{
    private readonly string _path = p.String("path");

    public AssertOutcome Validate(ValidateContext context) =>
        PathAssert.Validate(context, _path,
            (actual, m, a) => ManifestValues.IsEmpty(actual) == context.Negative ? new AssertOutcome(false, Fail(actual, m, a, context.Negative)) : AssertOutcome.Pass,
            () => Fail("no manifest found", -1, -1, false));

    private List<string> Fail(object? actual, int manifestIndex, int index, bool not) =>
        FailInfo.Lines(FailInfo.Format(not, true, false, false, " to be null or empty, got"), manifestIndex, index, _path, ManifestValues.Yaml(actual));
}
