using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Formats.YamlPreserving;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats.YamlPreserving;

public sealed class PreservingYamlDocumentTests
{
    private const string Doc =
        "# top comment\n" +
        "replicas: 2\n" +
        "image:\n" +
        "  repository: \"nginx\"   # the image\n" +
        "  tag: 'stable'\n" +
        "hosts: [a.example.com, b.example.com]\n" +
        "script: |\n" +
        "  echo one\n" +
        "  echo two\n" +
        "last: end\n";

    private static SopsTree Parse(string yaml) => new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(yaml));

    private static string Apply(string original, SopsTree tree) =>
        Encoding.UTF8.GetString(PreservingYamlDocument.Apply(Encoding.UTF8.GetBytes(original), tree));

    private static SopsTree Set(SopsTree tree, string path, TreeNode value) => new([TreePath.Parse(path).Set(tree.Branches[0], value)]);

    [Fact]
    public void Unchanged_tree_gives_the_original_bytes()
    {
        Assert.Equal(Doc, Apply(Doc, Parse(Doc)));
    }

    [Fact]
    public void Changed_values_keep_their_quoting_style_and_everything_else_stays()
    {
        var tree = Set(Set(Set(Parse(Doc), "[\"image\"][\"tag\"]", new StringValue("it's new")), "[\"image\"][\"repository\"]", new StringValue("a\"b")),
            "[\"hosts\"][1]", new StringValue("c.example.com"));
        var result = Apply(Doc, tree);
        Assert.Equal(Doc.Replace("'stable'", "'it''s new'", StringComparison.Ordinal).Replace("\"nginx\"", "\"a\\\"b\"", StringComparison.Ordinal).Replace("b.example.com", "c.example.com", StringComparison.Ordinal), result);
    }

    [Fact]
    public void Encrypted_strings_are_quoted_inside_flow_lists_and_the_inverse_gives_the_original_back()
    {
        const string enc = "ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]";
        var plain = Parse(Doc);
        var encrypted = Set(Set(Set(plain, "[\"hosts\"][0]", new StringValue(enc)), "[\"script\"]", new StringValue(enc)), "[\"replicas\"]", new StringValue(enc));
        var withSops = PreservingYamlDocument.WithMetadata(encrypted, new TreeBranch([new TreeItem("version", new StringValue("3.13.2")),
            new TreeItem("nested", new TreeBranch([new TreeItem("x", new IntValue(1))]))]));
        var text = Apply(Doc, withSops);
        Assert.Contains("hosts: [\"" + enc + "\", b.example.com]\n", text, StringComparison.Ordinal);
        Assert.Contains("script: " + enc + "\nlast: end\n", text, StringComparison.Ordinal);
        Assert.EndsWith("last: end\nsops:\n  version: 3.13.2\n  nested:\n    x: 1\n", text, StringComparison.Ordinal);
        Assert.Equal(withSops, Parse(text));
        Assert.Equal(Doc, Apply(text, plain));
    }

    [Fact]
    public void Removed_keys_are_cut_with_their_lines_and_new_keys_go_to_the_end_of_their_mapping()
    {
        var tree = TreePath.Parse("[\"image\"][\"tag\"]").Remove(Parse(Doc).Branches[0])!;
        tree = TreePath.Parse("[\"image\"][\"pullPolicy\"]").Set(tree, new StringValue("Always"));
        var result = Apply(Doc, new SopsTree([tree]));
        Assert.Equal(Doc.Replace("  tag: 'stable'\n", "  pullPolicy: Always\n", StringComparison.Ordinal), result);
    }

    [Fact]
    public void Reordered_keys_cannot_be_preserved()
    {
        var items = Parse(Doc).Branches[0].Items.Reverse().ToList();
        Assert.Null(PreservingYamlDocument.TryApply(Encoding.UTF8.GetBytes(Doc), new SopsTree([new TreeBranch(items)])));
    }

    [Fact]
    public void Standard_layout_is_recognised_and_hand_written_layout_is_not()
    {
        Assert.False(PreservingYamlDocument.IsCanonical(Encoding.UTF8.GetBytes(Doc), new YamlFormat()));
        Assert.True(PreservingYamlDocument.IsCanonical(Encoding.UTF8.GetBytes("a: 1\nb:\n    - x\n"), new YamlFormat()));
    }
}
