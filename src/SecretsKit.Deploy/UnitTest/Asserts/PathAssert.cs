using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// The loop most of helm-unittest's validators share: every selected document, every value its <c>path</c> reaches,
/// a document passes when all its values do (with <c>not</c>, a path reaching nothing passes), the assertion when all
/// documents do; <c>unknown path</c> when nothing is reached, and the validator's own failure when there is no document.
/// </summary>
internal static class PathAssert
{
    public delegate AssertOutcome Single(object? actual, int manifestIndex, int actualIndex);

    public static AssertOutcome Validate(ValidateContext context, string path, Single single, Func<List<string>> noManifest, string unknownPath = "unknown path {0}") =>
        Documents(context, (doc, index) => Document(context, doc, index, path, single, unknownPath), noManifest);

    /// <summary>The outer loop only: <paramref name="document"/> checks one document.</summary>
    public static AssertOutcome Documents(ValidateContext context, Func<object?, int, AssertOutcome> document, Func<List<string>> noManifest)
    {
        var manifests = context.Selected;
        var success = false;
        var errors = new List<string>();
        for (var i = 0; i < manifests.Count; i++)
        {
            var outcome = document(manifests[i], i);
            errors.AddRange(outcome.Info);
            success = i == 0 ? outcome.Passed : success && outcome.Passed;
            if (!success && context.FailFast) break;
        }
        if (manifests.Count == 0 && !context.Negative) errors.AddRange(noManifest());
        else if (manifests.Count == 0) success = true;
        return new AssertOutcome(success, errors);
    }

    /// <summary>The values <paramref name="path"/> reaches in a document, or the error line helm-unittest prints for a bad path.</summary>
    public static (List<object?> Values, AssertOutcome? Error) Find(object? doc, string path, int manifestIndex)
    {
        try
        {
            return (YamlPath.Find(doc, path), null);
        }
        catch (YamlPathException e)
        {
            return ([], new AssertOutcome(false, FailInfo.Error(manifestIndex, -1, e.Message)));
        }
    }

    private static AssertOutcome Document(ValidateContext context, object? doc, int manifestIndex, string path, Single single, string unknownPath)
    {
        var (actuals, error) = Find(doc, path, manifestIndex);
        if (error is not null) return error;
        if (actuals.Count == 0 && !context.Negative)
            return new AssertOutcome(false, FailInfo.Error(manifestIndex, -1, string.Format(System.Globalization.CultureInfo.InvariantCulture, unknownPath, path)));
        var success = actuals.Count == 0 && context.Negative;
        var errors = new List<string>();
        for (var i = 0; i < actuals.Count; i++)
        {
            var outcome = single(actuals[i], manifestIndex, i);
            errors.AddRange(outcome.Info);
            success = i == 0 ? outcome.Passed : success && outcome.Passed;
            if (!success && context.FailFast) break;
        }
        return new AssertOutcome(success, errors);
    }
}
