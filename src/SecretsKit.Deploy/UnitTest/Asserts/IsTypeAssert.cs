using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary><c>isType</c> / <c>isNotType</c>: the Go type of the value at <c>path</c> (<c>string</c>, <c>int</c>, <c>float64</c>, <c>bool</c>, <c>map[string]interface {}</c>, <c>[]interface {}</c>) is <c>type</c>.</summary>
internal sealed class IsTypeAssert(AssertParams p) : IAssertValidator
{
    private readonly string _path = p.String("path");
    private readonly string _type = p.String("type");

    public AssertOutcome Validate(ValidateContext context) =>
        PathAssert.Validate(context, _path, (actual, m, a) =>
        {
            var type = ManifestValues.GoTypeName(actual);
            return (type == _type) == context.Negative ? new AssertOutcome(false, Fail(type, m, a, context.Negative)) : AssertOutcome.Pass;
        }, () => Fail("no manifest found", -1, -1, false));

    private List<string> Fail(string actual, int manifestIndex, int index, bool not) =>
        FailInfo.Lines(FailInfo.Format(not, true, true, false, " to be of type"), manifestIndex, index, _path, _type, actual);
}
