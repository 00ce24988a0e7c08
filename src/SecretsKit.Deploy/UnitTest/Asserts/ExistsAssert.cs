namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary><c>exists</c> / <c>notExists</c> (and <c>isNotNull</c> / <c>isNull</c>): the path reaches a node (a key holding null counts).</summary>
internal sealed class ExistsAssert(AssertParams p) : IAssertValidator
{
    private readonly string _path = p.String("path");

    public AssertOutcome Validate(ValidateContext context)
    {
        var manifests = context.Selected;
        var success = false;
        var errors = new List<string>();
        for (var i = 0; i < manifests.Count; i++)
        {
            var (actual, error) = PathAssert.Find(manifests[i], _path, i);
            if (error is not null)
            {
                success = false;
                errors.AddRange(error.Info);
                if (context.FailFast) break;
                continue;
            }
            if (actual.Count > 0 == context.Negative)
            {
                success = false;
                errors.AddRange(Fail(i, context.Negative));
                continue;
            }
            success = i == 0 || success;
        }
        if (manifests.Count == 0 && !context.Negative) errors.AddRange(Fail(-1, false));
        else if (manifests.Count == 0) success = true;
        return new AssertOutcome(success, errors);
    }

    private List<string> Fail(int manifestIndex, bool not) =>
        FailInfo.Lines("Path:%s expected to " + (not ? "NOT " : "") + "exists", manifestIndex, -1, _path);
}
