using SecretsKit.Deploy.Diff;
using static SecretsKit.Deploy.Tests.Diff.Manifests;

namespace SecretsKit.Deploy.Tests.Diff;

/// <summary>
/// A deployed manifest that differs from the rendering only in layout (what Helm 4 stores after a post-renderer: the
/// items of a sequence at their key's indentation, comments dropped) is no change; any change of content still is.
/// </summary>
public sealed class YamlEquivalenceTests
{
    private static readonly ManifestDiffOptions Redacting = new(false, [DbPassword, ApiToken, SmtpPassword]);

    /// <summary>The stream as Helm 4 writes back a post-renderer's output: sequences not indented under their key, no comments.</summary>
    private static string Helm4Layout(string stream)
    {
        var lines = new List<string>();
        var blocks = new Stack<int>(); // the key column of each sequence being moved left
        (int Indent, string Text)? previous = null;
        foreach (var line in stream.Split('\n'))
        {
            var text = line.TrimStart(' ');
            if (text.StartsWith('#')) continue;
            if (text.Length == 0 || text == "---")
            {
                lines.Add(line);
                continue;
            }
            var indent = line.Length - text.Length;
            while (blocks.Count > 0 && indent <= blocks.Peek()) blocks.Pop();
            if (text.StartsWith("- ", StringComparison.Ordinal) && previous is { } p && p.Text.EndsWith(':')
                && indent == p.Indent + (p.Text.StartsWith("- ", StringComparison.Ordinal) ? 2 : 0) + 2)
            {
                blocks.Push(indent - 2);
            }
            lines.Add(line[(2 * blocks.Count)..]);
            previous = (indent, text);
        }
        return string.Join('\n', lines);
    }

    private static string Release(string? image = null, int port = 80) =>
        Stream(image is null ? Deployment() : Deployment(image), Service(port), Secret(), ConfigMap());

    [Fact]
    public void The_helm_4_layout_of_the_same_objects_is_no_change()
    {
        var deployed = Helm4Layout(Release());
        Assert.NotEqual(Release(), deployed);
        Assert.Contains("\n      - name: web\n", deployed, StringComparison.Ordinal); // containers' items at the key's column

        var result = ManifestDiff.Compare(deployed, Release(), Redacting);

        Assert.False(result.HasChanges, result.Text);
    }

    [Fact]
    public void A_change_of_content_under_the_helm_4_layout_is_still_a_change_of_that_object_only()
    {
        var result = ManifestDiff.Compare(Helm4Layout(Release()), Release(image: "ghcr.io/acme/web:1.5.0", port: 8080), Redacting);

        Assert.Equal((true, 0, 0, 2), (result.HasChanges, result.Added, result.Removed, result.Changed));
        Assert.Contains("ghcr.io/acme/web:1.5.0", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(SmtpPassword, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_in_another_order_are_the_same_object_and_items_in_another_order_are_not()
    {
        const string Deployed = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: \"1\"\n  y: \"2\"\nlist:\n  - a\n  - b\n";
        const string Reordered = "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a\ndata:\n  y: \"2\"\n  x: \"1\"\nlist:\n- a\n- b\n";
        const string ItemsSwapped = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: \"1\"\n  y: \"2\"\nlist:\n  - b\n  - a\n";

        Assert.False(ManifestDiff.Compare(Deployed, Reordered, Redacting).HasChanges);
        Assert.True(ManifestDiff.Compare(Deployed, ItemsSwapped, Redacting).HasChanges);
    }

    [Theory]
    [InlineData("version: \"1.27\"", "version: 1.27", true)]     // a string and a number
    [InlineData("enabled: \"true\"", "enabled: true", true)]     // a string and a bool
    [InlineData("name: \"web\"", "name: 'web'", false)]          // two quotings of one string
    [InlineData("note: \"a b\"", "note: |-\n  a b", false)]      // a quoted and a block string of the same value
    [InlineData("name: web", "name: web2", true)]
    [InlineData("name: !!str 1", "name: 1", true)]               // an explicit tag is content
    public void Scalars_are_the_same_when_their_value_and_kind_are(string deployed, string rendered, bool changed)
    {
        static string Object(string field) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  {field.Replace("\n", "\n  ", StringComparison.Ordinal)}\n";

        Assert.Equal(changed, ManifestDiff.Compare(Object(deployed), Object(rendered), Redacting).HasChanges);
    }

    [Fact]
    public void An_object_deeper_than_the_budget_is_compared_as_changed_not_walked_without_end()
    {
        static string Deep(int depth) => "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: " + new string('[', depth) + new string(']', depth) + "\n";
        var flow = Deep(300);
        var block = flow.Replace("data: [", "data:\n  - [", StringComparison.Ordinal)[..^2] + "\n";

        var result = ManifestDiff.Compare(flow, block, Redacting);

        Assert.True(result.HasChanges);
    }
}
