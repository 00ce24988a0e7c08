using System.Globalization;
using SecretsKit.Core.Tree;

namespace SecretsKit.Bench;

/// <summary>Deterministic documents for the benchmarks: nested maps with lists, mixed scalar types and comments.</summary>
internal static class Workload
{
    /// <summary>A tree with about <paramref name="values"/> leaf values, in sections of 10 (ini and dotenv need flat trees).</summary>
    public static SopsTree Nested(int values)
    {
        var sections = new List<TreeItem> { TreeItem.Comment(" generated benchmark document") };
        var sectionCount = Math.Max(1, values / 10);
        for (var s = 0; s < sectionCount; s++)
        {
            var items = new List<TreeItem>
            {
                new("host", new StringValue($"db-{s}.internal.example.com")),
                new("port", new IntValue(5432 + s % 100)),
                new("enabled", new BoolValue(s % 2 == 0)),
                new("ratio", new FloatValue(0.25 + s % 7)),
                new("password", new StringValue(Secret(s))),
                new("token", new StringValue("tok_" + Secret(s * 31))),
                TreeItem.Comment(" rotated quarterly"),
                new("replicas", new Sequence([new StringValue("a-" + s), new StringValue("b-" + s), new StringValue("c-" + s)])),
                new("user", new StringValue("svc_" + s.ToString(CultureInfo.InvariantCulture))),
            };
            sections.Add(new TreeItem("section" + s.ToString("D6", CultureInfo.InvariantCulture), new TreeBranch(items)));
        }
        return new SopsTree([new TreeBranch(sections)]);
    }

    /// <summary>A flat tree of <paramref name="values"/> string values (dotenv has no nesting).</summary>
    public static SopsTree Flat(int values)
    {
        var items = new List<TreeItem>(values);
        for (var i = 0; i < values; i++)
        {
            items.Add(new TreeItem("KEY_" + i.ToString("D6", CultureInfo.InvariantCulture), new StringValue(Secret(i))));
        }
        return new SopsTree([new TreeBranch(items)]);
    }

    /// <summary>An INI-shaped tree: sections of flat string values.</summary>
    public static SopsTree Sections(int values)
    {
        var sections = new List<TreeItem>();
        for (var s = 0; s < Math.Max(1, values / 10); s++)
        {
            var items = new List<TreeItem>();
            for (var k = 0; k < 10; k++) items.Add(new TreeItem("key" + k, new StringValue(Secret(s * 10 + k))));
            sections.Add(new TreeItem("section" + s.ToString("D6", CultureInfo.InvariantCulture), new TreeBranch(items)));
        }
        return new SopsTree([new TreeBranch(sections)]);
    }

    private static string Secret(int seed) =>
        "s3cr3t-" + ((uint)seed * 2654435761u).ToString("x8", CultureInfo.InvariantCulture) + "-value";
}
