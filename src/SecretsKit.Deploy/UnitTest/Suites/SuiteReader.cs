using System.Globalization;
using System.Text.RegularExpressions;
using SecretsKit.Deploy.Input;
using SecretsKit.Templates.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>
/// Reads a <c>*_test.yaml</c> file into its suites (one per YAML document, split on <c>---</c> lines as helm-unittest
/// splits them), within the input budgets. With <c>strict</c>, a field helm-unittest's types do not declare is an error.
/// A suite without tests, or a test without asserts, is an error; a suite needing a newer plugin is skipped.
/// </summary>
internal static partial class SuiteReader
{
    /// <summary>The helm-unittest release whose suite format and behaviour this engine follows (for <c>skip.minimumVersion</c>).</summary>
    public const string PluginVersion = "1.1.0";

    public static List<SuiteDefinition> Read(string file, bool strict) => ReadText(BoundedFile.ReadText(file, file), file, strict, rendered: false);

    /// <summary>
    /// The suites of <paramref name="text"/>, read as if from <paramref name="file"/>; a <paramref name="rendered"/> suite
    /// (from <c>--chart-tests-path</c>) must name itself, as helm-unittest requires.
    /// </summary>
    public static List<SuiteDefinition> ReadText(string text, string file, bool strict, bool rendered)
    {
        var suites = new List<SuiteDefinition>();
        foreach (var part in Separator().Split(text))
        {
            if (part.Trim().Length == 0) continue;
            YamlStream stream;
            try
            {
                stream = BoundedYaml.Load(part);
            }
            catch (YamlException e)
            {
                throw new SuiteException($"yaml: line {e.Start.Line.ToString(CultureInfo.InvariantCulture)}: {e.Message}");
            }
            if (stream.Documents.Count == 0) continue;
            var root = stream.Documents[0].RootNode;
            if (strict && SuiteSchema.UnknownFields(root) is { Count: > 0 } unknown)
                throw new SuiteException("yaml: unmarshal errors:\n  " + string.Join("\n  ", unknown));
            if (TemplateYaml.FromNode(root) is not IReadOnlyDictionary<string, object?> map) throw new SuiteException("yaml: the suite is not a mapping");
            var suite = Suite(map, file);
            if (rendered && suite.Name.Length == 0) throw new SuiteException("helm chart based test suites must include `suite` field");
            suites.Add(suite);
        }
        return suites;
    }

    private static SuiteDefinition Suite(IReadOnlyDictionary<string, object?> map, string file)
    {
        var tests = List(map, "tests").Select(t => t as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>()).ToList();
        if (tests.Count == 0) throw new SuiteException("no tests found");
        var skip = Map(map, "skip");
        var skipReason = Str(skip, "reason");
        var minimum = Str(skip, "minimumVersion");
        if (skipReason.Length == 0 && minimum.Length > 0 && !MeetsMinimum(minimum))
            skipReason = $"Test suite requires minimum unittest plugin version {minimum}, but current version is {PluginVersion}";
        var parsed = tests.Select(Test).ToList();
        if (parsed.Any(t => t.Asserts.Count == 0)) throw new SuiteException("no asserts found");
        if (skipReason.Length == 0 && parsed.All(t => t.SkipReason.Length > 0)) skipReason = "all tests are skipped";
        var capabilities = Map(map, "capabilities");
        return new SuiteDefinition(Str(map, "suite"), file, Strings(map, "values"), Set(map), Strings(map, "templates"), Strings(map, "excludeTemplates"),
            Release(map), Chart(map),
            new CapabilitySettings(Version(capabilities, "majorVersion"), Version(capabilities, "minorVersion"), Strings(capabilities, "apiVersions")),
            Provider(map), PostRenderer(map), parsed, Str(map, "snapshotId"), skipReason);
    }

    private static TestDefinition Test(IReadOnlyDictionary<string, object?> map)
    {
        var capabilities = Map(map, "capabilities");
        var apiGiven = !capabilities.ContainsKey("apiVersions") || capabilities["apiVersions"] is IReadOnlyList<object?>;
        var apis = capabilities.GetValueOrDefault("apiVersions") is IReadOnlyList<object?> l ? l.OfType<string>().ToList() : [];
        var asserts = List(map, "asserts").Where(a => a is not null).Select(AssertionDefinition.Parse).ToList();
        return new TestDefinition(Str(map, "it"), Strings(map, "values"), Set(map), Str(map, "template"), Strings(map, "templates"),
            map.GetValueOrDefault("documentIndex") is long i ? (int)Math.Clamp(i, int.MinValue, int.MaxValue) : null,
            map.GetValueOrDefault("documentSelector") is IReadOnlyDictionary<string, object?> s ? DocumentSelector.From(s) : null,
            Release(map), Chart(map), new CapabilitySettings(Version(capabilities, "majorVersion"), Version(capabilities, "minorVersion"), apis), apiGiven,
            asserts, Str(Map(map, "skip"), "reason"), Provider(map), PostRenderer(map));
    }

    private static ReleaseSettings Release(IReadOnlyDictionary<string, object?> map)
    {
        var r = Map(map, "release");
        return new ReleaseSettings(Str(r, "name"), Str(r, "namespace"), r.GetValueOrDefault("revision") as long? ?? 0, r.GetValueOrDefault("upgrade") is true);
    }

    private static ChartSettings Chart(IReadOnlyDictionary<string, object?> map)
    {
        var c = Map(map, "chart");
        return new ChartSettings(Str(c, "version"), Str(c, "appVersion"));
    }

    private static KubernetesProviderSettings Provider(IReadOnlyDictionary<string, object?> map)
    {
        var provider = Map(map, "kubernetesProvider");
        var scheme = new Dictionary<string, FakeKind>(StringComparer.Ordinal);
        foreach (var (key, value) in Map(provider, "scheme"))
        {
            var props = value as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
            var gvr = Map(props, "gvr");
            scheme[key] = new FakeKind(Str(gvr, "group"), Str(gvr, "version"), Str(gvr, "resource"), props.GetValueOrDefault("namespaced") is true);
        }
        return new KubernetesProviderSettings(scheme, List(provider, "objects").Where(o => o is IReadOnlyDictionary<string, object?>).ToList());
    }

    private static PostRendererSettings? PostRenderer(IReadOnlyDictionary<string, object?> map)
    {
        var p = Map(map, "postRenderer");
        return Str(p, "cmd") is { Length: > 0 } cmd ? new PostRendererSettings(cmd, Strings(p, "args")) : null;
    }

    private static List<KeyValuePair<string, object?>> Set(IReadOnlyDictionary<string, object?> map) => [.. Map(map, "set")];

    private static IReadOnlyDictionary<string, object?> Map(IReadOnlyDictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();

    private static IReadOnlyList<object?> List(IReadOnlyDictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) as IReadOnlyList<object?> ?? [];

    private static string Str(IReadOnlyDictionary<string, object?> map, string key) => map.GetValueOrDefault(key) switch
    {
        null => "",
        string s => s,
        var v => throw new SuiteException($"yaml: cannot unmarshal {Values.ManifestValues.GoTypeName(v)} into the string field {key}"),
    };

    private static string Version(IReadOnlyDictionary<string, object?> map, string key) => map.GetValueOrDefault(key) switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    private static List<string> Strings(IReadOnlyDictionary<string, object?> map, string key) => map.GetValueOrDefault(key) switch
    {
        null => [],
        IReadOnlyList<object?> l => l.Select(x => x as string ?? Values.ManifestValues.Format(x)).ToList(),
        var v => throw new SuiteException($"yaml: cannot unmarshal {Values.ManifestValues.GoTypeName(v)} into the list field {key}"),
    };

    private static bool MeetsMinimum(string minimum) =>
        System.Version.TryParse(PluginVersion, out var current) && System.Version.TryParse(minimum.TrimStart('v'), out var needed) && current >= needed;

    [GeneratedRegex(@"(?:^|\s*\n)---\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Separator();
}
