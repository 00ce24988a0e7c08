using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>
/// The fields of a suite as helm-unittest's Go types declare them, for <c>--strict</c>: a key no type knows is
/// reported as go-yaml reports it (<c>line N: field X not found in type unittest.TestSuite</c>). Assertion entries
/// and <c>set</c>/<c>capabilities</c>/<c>kubernetesProvider.objects</c> maps are free-form and not checked.
/// </summary>
internal static class SuiteSchema
{
    private sealed record Shape(string GoType, IReadOnlyDictionary<string, Shape?> Fields, bool ListOf = false);

    private static readonly Shape Release = Of("struct { Name string; Namespace string; Revision int; IsUpgrade bool \"yaml:\\\"upgrade\\\"\" }", "name", "namespace", "revision", "upgrade");
    private static readonly Shape Chart = Of("struct { Version string; AppVersion string \"yaml:\\\"appVersion\\\"\" }", "version", "appVersion");
    private static readonly Shape Skip = Of("struct { Reason string \"yaml:\\\"reason\\\"\"; MinimumVersion string \"yaml:\\\"minimumVersion\\\"\" }", "reason", "minimumVersion");
    private static readonly Shape Capabilities = Of("struct { MajorVersion string \"yaml:\\\"majorVersion\\\"\"; MinorVersion string \"yaml:\\\"minorVersion\\\"\"; APIVersions []string \"yaml:\\\"apiVersions\\\"\" }", "majorVersion", "minorVersion", "apiVersions");
    private static readonly Shape PostRenderer = Of("unittest.PostRendererConfig", "cmd", "args");
    private static readonly Shape Provider = Of("unittest.KubernetesFakeClientProvider", "scheme", "objects");
    private static readonly Shape Selector = Of("valueutils.DocumentSelector", "skipEmptyTemplates", "matchMany", "path", "value");

    private static readonly Shape Test = new("unittest.TestJob", new Dictionary<string, Shape?>(StringComparer.Ordinal)
    {
        ["it"] = null, ["values"] = null, ["set"] = null, ["template"] = null, ["templates"] = null, ["documentIndex"] = null,
        ["documentindices"] = null, ["documentSelector"] = Selector, ["release"] = Release, ["chart"] = Chart, ["capabilities"] = null,
        ["asserts"] = null, ["skip"] = Of("struct { Reason string \"yaml:\\\"reason\\\"\" }", "reason"), ["kubernetesProvider"] = Provider,
        ["postRenderer"] = PostRenderer,
    });

    private static readonly Shape Suite = new("unittest.TestSuite", new Dictionary<string, Shape?>(StringComparer.Ordinal)
    {
        ["suite"] = null, ["values"] = null, ["set"] = null, ["templates"] = null, ["excludeTemplates"] = null, ["includeCrds"] = null,
        ["release"] = Release, ["chart"] = Chart, ["capabilities"] = Capabilities, ["kubernetesProvider"] = Provider,
        ["postRenderer"] = PostRenderer, ["tests"] = Test with { ListOf = true }, ["snapshotId"] = null, ["skip"] = Skip,
    });

    /// <summary>Every unknown field of a suite document, as go-yaml's strict decoder lists them.</summary>
    public static List<string> UnknownFields(YamlNode root)
    {
        var found = new List<string>();
        Check(root, Suite, found);
        return found;
    }

    private static Shape Of(string goType, params string[] fields) =>
        new(goType, fields.ToDictionary(f => f, _ => (Shape?)null, StringComparer.Ordinal));

    private static void Check(YamlNode node, Shape shape, List<string> found)
    {
        if (shape.ListOf)
        {
            if (node is YamlSequenceNode list)
            {
                foreach (var item in list) Check(item, shape with { ListOf = false }, found);
            }
            return;
        }
        if (node is not YamlMappingNode map) return;
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!shape.Fields.TryGetValue(name, out var inner))
            {
                found.Add($"line {key.Start.Line.ToString(CultureInfo.InvariantCulture)}: field {name} not found in type {shape.GoType}");
                continue;
            }
            if (inner is not null) Check(value, inner, found);
        }
    }
}
