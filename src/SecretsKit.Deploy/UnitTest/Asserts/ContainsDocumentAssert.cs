using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// <c>containsDocument</c>: the selected documents are of <c>kind</c> and <c>apiVersion</c> (and <c>name</c>,
/// <c>namespace</c> when given); with <c>any</c>, one such document is enough.
/// </summary>
internal sealed class ContainsDocumentAssert(AssertParams p) : IAssertValidator
{
    private readonly string _kind = p.String("kind");
    private readonly string _apiVersion = p.String("apiVersion");
    private readonly string _name = p.String("name");
    private readonly string _namespace = p.String("namespace");
    private readonly bool _any = p.Bool("any");

    public AssertOutcome Validate(ValidateContext context)
    {
        var manifests = context.Selected;
        var success = false;
        var errors = new List<string>();
        for (var i = 0; i < manifests.Count; i++)
        {
            var matches = Matches(manifests[i]);
            if (matches == context.Negative)
            {
                errors.AddRange(Fail(i, context.Negative));
                if (context.FailFast) return new AssertOutcome(false, errors);
                success = i == 0 ? false : success && false;
                continue;
            }
            if (_any != context.Negative) return AssertOutcome.Pass;
            success = i == 0 || success;
        }
        if (manifests.Count == 0 && !context.Negative) errors.AddRange(Fail(0, false));
        else if (manifests.Count == 0) success = true;
        return new AssertOutcome(success, errors);
    }

    private bool Matches(object? doc)
    {
        if (doc is not IReadOnlyDictionary<string, object?> m) return false;
        if (m.GetValueOrDefault("kind") is string kind && kind != _kind) return false;
        if (m.GetValueOrDefault("apiVersion") is string api && api != _apiVersion) return false;
        if (_name.Length > 0 && !Field(doc, "metadata.name", _name)) return false;
        return _namespace.Length == 0 || Field(doc, "metadata.namespace", _namespace);
    }

    private static bool Field(object? doc, string path, string expected) =>
        YamlPath.Find(doc, path) is { Count: > 0 } found && found[0] is string s && s == expected;

    private List<string> Fail(int manifestIndex, bool not)
    {
        var parts = new List<string> { $"Kind = {_kind}, apiVersion = {_apiVersion}" };
        if (_name.Length > 0) parts.Add($"Name = {_name}");
        if (_namespace.Length > 0) parts.Add($"Namespace = {_namespace}");
        return FailInfo.Lines(FailInfo.Format(not, false, false, false, " to contain document"), manifestIndex, -1, string.Join(", ", parts));
    }
}
