using System.Text.RegularExpressions;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>What <c>helm lint</c> would catch, plus the chart's own documentation rules.</summary>
public sealed partial class ChartLintTests
{
    private static IEnumerable<string> TemplateFiles() =>
        Directory.EnumerateFiles(Path.Combine(AgentChart.Directory, "templates"), "*", SearchOption.AllDirectories);

    [Fact]
    public void Chart_yaml_has_the_fields_helm_requires()
    {
        var chart = YamlValues.LoadMap(Path.Combine(AgentChart.Directory, "Chart.yaml"));
        Assert.Equal("v2", chart["apiVersion"]);
        Assert.Equal(Path.GetFileName(AgentChart.Directory), chart["name"]);
        Assert.Equal("application", chart["type"]);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", Assert.IsType<string>(chart["version"]));
        Assert.IsType<string>(chart["appVersion"]);
        Assert.False(string.IsNullOrWhiteSpace(chart["description"] as string));
    }

    [Fact]
    public void Every_values_reference_in_the_templates_exists_in_values_yaml()
    {
        var values = AgentChart.DefaultValues();
        var missing = new List<string>();
        foreach (var file in TemplateFiles())
        {
            foreach (Match m in ValuesReference().Matches(File.ReadAllText(file)))
            {
                object? node = values;
                foreach (var part in m.Groups[1].Value.Split('.'))
                {
                    if (node is Dictionary<string, object?> map && map.TryGetValue(part, out var next)) node = next;
                    else
                    {
                        missing.Add($"{Path.GetFileName(file)}: .Values.{m.Groups[1].Value}");
                        break;
                    }
                }
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_value_is_used_by_a_template()
    {
        var templates = string.Concat(TemplateFiles().Select(File.ReadAllText));
        var unused = LeafPaths(AgentChart.DefaultValues(), "", stopAtDocumented: true)
            .Where(p => !templates.Contains(".Values." + p, StringComparison.Ordinal)).ToList();
        Assert.Empty(unused);
    }

    [Fact]
    public void Every_value_is_documented_in_values_yaml_and_in_the_readme_table()
    {
        var documented = DocumentedPaths();
        var undocumented = LeafPaths(AgentChart.DefaultValues(), "", stopAtDocumented: false)
            .Where(p => !documented.Any(d => p == d || p.StartsWith(d + ".", StringComparison.Ordinal))).ToList();
        Assert.Empty(undocumented);
        var readme = File.ReadAllText(Path.Combine(AgentChart.Directory, "README.md"));
        var notInReadme = documented.Where(d => !readme.Contains($"| `{d}` |", StringComparison.Ordinal)).ToList();
        Assert.True(notInReadme.Count == 0, "missing from the README values table: " + string.Join(", ", notInReadme));
    }

    [Fact]
    public void Every_include_names_a_defined_template()
    {
        var defines = TemplateFiles().SelectMany(f => DefineStatement().Matches(File.ReadAllText(f))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        foreach (var file in TemplateFiles())
        {
            foreach (Match m in IncludeReference().Matches(File.ReadAllText(file))) Assert.Contains(m.Groups[1].Value, defines);
        }
    }

    /// <summary>Paths whose key line in values.yaml has a <c># --</c> comment right above it.</summary>
    private static List<string> DocumentedPaths()
    {
        var result = new List<string>();
        var stack = new List<(int Indent, string Key)>();
        string? previous = null;
        foreach (var raw in File.ReadAllLines(Path.Combine(AgentChart.Directory, "values.yaml")))
        {
            var m = KeyLine().Match(raw);
            if (m.Success)
            {
                var indent = m.Groups[1].Value.Length;
                stack.RemoveAll(s => s.Indent >= indent);
                stack.Add((indent, m.Groups[2].Value));
                if (previous is not null && previous.TrimStart().StartsWith("# --", StringComparison.Ordinal)) result.Add(string.Join('.', stack.Select(s => s.Key)));
            }
            if (!raw.TrimStart().StartsWith("# ", StringComparison.Ordinal) || raw.TrimStart().StartsWith("# --", StringComparison.Ordinal)) previous = raw;
        }
        return result;
    }

    /// <summary>Leaf paths (scalars, lists, empty maps); with stopAtDocumented, a documented map counts as one leaf.</summary>
    private static IEnumerable<string> LeafPaths(Dictionary<string, object?> map, string prefix, bool stopAtDocumented)
    {
        var documented = stopAtDocumented ? DocumentedPaths() : [];
        foreach (var (key, value) in map)
        {
            var path = prefix + key;
            if (value is Dictionary<string, object?> { Count: > 0 } child && !documented.Contains(path))
            {
                foreach (var p in LeafPaths(child, path + ".", stopAtDocumented)) yield return p;
            }
            else yield return path;
        }
    }

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"(?:include|template) ""([^""]+)""")]
    private static partial Regex IncludeReference();

    [GeneratedRegex(@"\{\{-?\s*define ""([^""]+)""")]
    private static partial Regex DefineStatement();

    [GeneratedRegex(@"^( *)([A-Za-z][A-Za-z0-9_]*):")]
    private static partial Regex KeyLine();
}
