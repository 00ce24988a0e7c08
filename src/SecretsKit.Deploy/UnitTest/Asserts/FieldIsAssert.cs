using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary><c>isKind</c> (field <c>kind</c>) and <c>isAPIVersion</c> (field <c>apiVersion</c>): each selected document's field equals <c>of</c>.</summary>
internal sealed class FieldIsAssert(AssertParams p, string field, string customMessage) : IAssertValidator
{
    private readonly string _of = p.String("of");

    public static FieldIsAssert Kind(AssertParams p) => new(p, "kind", " to be kind");

    public static FieldIsAssert ApiVersion(AssertParams p) => new(p, "apiVersion", " to be apiVersion");

    public AssertOutcome Validate(ValidateContext context)
    {
        var manifests = context.Selected;
        var success = false;
        var errors = new List<string>();
        for (var i = 0; i < manifests.Count; i++)
        {
            var actual = manifests[i] is IReadOnlyDictionary<string, object?> m ? m.GetValueOrDefault(field) : null;
            if ((actual is string s && s == _of) == context.Negative)
            {
                success = false;
                errors.AddRange(Fail(actual, i, context.Negative));
                if (context.FailFast) break;
                continue;
            }
            success = i == 0 || success;
        }
        if (manifests.Count == 0 && !context.Negative) errors.AddRange(Fail("no manifest found", -1, false));
        else if (manifests.Count == 0) success = true;
        return new AssertOutcome(success, errors);
    }

    private List<string> Fail(object? actual, int manifestIndex, bool not) => not
        ? FailInfo.Lines(FailInfo.Format(true, false, false, false, customMessage), manifestIndex, -1, _of)
        : FailInfo.Lines(FailInfo.Format(false, false, true, false, customMessage), manifestIndex, -1, _of, ManifestValues.Yaml(actual));
}
