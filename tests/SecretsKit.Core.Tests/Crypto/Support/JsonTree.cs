using System.Text.Json;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>Minimal JSON ↔ tree helpers for fixture tests (numbers become floats, as in sops' JSON store before 3.13.2).</summary>
internal static class JsonTree
{
    /// <summary>The data part of a sops JSON file (the <c>sops</c> key left out).</summary>
    public static SopsTree Data(JsonElement root)
    {
        var items = root.EnumerateObject().Where(p => p.Name != "sops").Select(p => new TreeItem(p.Name, Node(p.Value))).ToList();
        return new SopsTree([new TreeBranch(items)]);
    }

    public static TreeNode Node(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => new TreeBranch(e.EnumerateObject().Select(p => new TreeItem(p.Name, Node(p.Value))).ToList()),
        JsonValueKind.Array => new Sequence(e.EnumerateArray().Select(Node).ToList()),
        JsonValueKind.String => new StringValue(e.GetString()!),
        JsonValueKind.Number => new FloatValue(e.GetDouble()),
        JsonValueKind.True => new BoolValue(true),
        JsonValueKind.False => new BoolValue(false),
        _ => NullValue.Instance,
    };

    /// <summary>Asserts that a decrypted tree node has the logical content of an EXPECTED-CONTENT.json entry.</summary>
    public static void AssertMatches(JsonElement expected, TreeNode actual, string path = "")
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var branch = Assert.IsType<TreeBranch>(actual);
                var keyed = branch.Items.Where(i => !i.IsComment).ToList();
                var props = expected.EnumerateObject().ToList();
                Assert.Equal(props.Select(p => p.Name), keyed.Select(i => i.Key));
                for (var i = 0; i < props.Count; i++) AssertMatches(props[i].Value, keyed[i].Value, path + props[i].Name + ":");
                break;
            case JsonValueKind.Array:
                var seq = Assert.IsType<Sequence>(actual);
                var elements = expected.EnumerateArray().ToList();
                var values = seq.Items.Where(n => n is not CommentValue).ToList();
                Assert.Equal(elements.Count, values.Count);
                for (var i = 0; i < elements.Count; i++) AssertMatches(elements[i], values[i], path);
                break;
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), Assert.IsType<StringValue>(actual).Value);
                break;
            case JsonValueKind.Number:
                var number = actual switch
                {
                    FloatValue f => f.Value,
                    IntValue n => n.Value,
                    _ => throw new Xunit.Sdk.XunitException($"expected a number at '{path}', got {actual}"),
                };
                Assert.Equal(expected.GetDouble(), number);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.Equal(expected.GetBoolean(), Assert.IsType<BoolValue>(actual).Value);
                break;
            default:
                Assert.IsType<NullValue>(actual);
                break;
        }
    }

    public static JsonElement ExpectedContent(string fixture)
    {
        using var doc = JsonDocument.Parse(FixtureFiles.Read("EXPECTED-CONTENT.json"));
        return doc.RootElement.GetProperty("files").GetProperty(fixture).GetProperty("content").Clone();
    }
}
