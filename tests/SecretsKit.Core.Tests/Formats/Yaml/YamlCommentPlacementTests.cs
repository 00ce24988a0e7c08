using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// Comment placement scenarios that sops' own YAML store tests pin down (nested foot comments, head comments of
/// a nested first key, comments between list items, blank lines dropped, multi-document comments), written
/// here with our own data.
/// </summary>
public sealed class YamlCommentPlacementTests
{
    private static SopsTree Parse(string text) => new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(text));

    private static string Emit(SopsTree tree, int indent = 4) => Encoding.UTF8.GetString(new YamlFormat(indent).EmitPlain(tree));

    [Fact]
    public void Document_head_comment_and_nested_foot_comment_round_trip()
    {
        const string text = "# top\nsettings:\n    level: null\n    # after level\n";
        var tree = Parse(text);

        var settings = Assert.IsType<TreeBranch>(tree.Branches[0].Get("settings"));
        Assert.Equal(TreeItem.Comment(" after level"), settings.Items[^1]);
        Assert.Equal(text, Emit(tree));
    }

    [Fact]
    public void Head_comment_of_a_nested_first_key_stays_inside_the_nested_mapping()
    {
        const string text = "settings:\n    # before level\n    level: null\n";
        var tree = Parse(text);

        var settings = Assert.IsType<TreeBranch>(tree.Branches[0].Get("settings"));
        Assert.Equal(TreeItem.Comment(" before level"), settings.Items[0]);
        Assert.Equal(text, Emit(tree));
    }

    [Fact]
    public void Foot_comment_of_a_nested_block_followed_by_a_blank_line_stays_at_its_level_and_the_blank_line_goes()
    {
        var tree = Parse("outer:\n    inner:\n        k: v\n    # closes outer\n\nnext:\n    - item\n");

        var outer = Assert.IsType<TreeBranch>(tree.Branches[0].Get("outer"));
        Assert.Equal(["inner", null], outer.Items.Select(i => i.Key));
        var inner = Assert.IsType<TreeBranch>(outer.Get("inner"));
        Assert.Single(inner.Items);
        Assert.Equal("outer:\n    inner:\n        k: v\n    # closes outer\nnext:\n    - item\n", Emit(tree));
    }

    [Fact]
    public void Comment_between_list_items_is_one_list_element_and_an_empty_mapping_item_stays_flow()
    {
        const string text = "things:\n    - first\n    # between\n    - {}\n";
        var tree = Parse(text);

        var things = Assert.IsType<Sequence>(tree.Branches[0].Get("things"));
        Assert.Equal([new StringValue("first"), new CommentValue(" between"), TreeBranch.Empty], things.Items);
        Assert.Equal(text, Emit(tree));
    }

    [Fact]
    public void Double_hash_comments_and_blank_lines_with_indent_2()
    {
        var tree = Parse(
            "## chart settings\n##\nexporter:\n  labels:\n    ## why this label\n    ##\n\n    job: exporter\n  args:\n    - --flag=a\n");

        var labels = Assert.IsType<TreeBranch>(((TreeBranch)tree.Branches[0].Get("exporter")!).Get("labels"));
        Assert.Equal([TreeItem.Comment("# why this label"), TreeItem.Comment("#"), new TreeItem("job", new StringValue("exporter"))], labels.Items);
        Assert.Equal(
            "## chart settings\n##\nexporter:\n  labels:\n    ## why this label\n    ##\n    job: exporter\n  args:\n    - --flag=a\n",
            Emit(tree, 2));
        Assert.Equal(
            "## chart settings\n##\nexporter:\n    labels:\n        ## why this label\n        ##\n        job: exporter\n    args:\n        - --flag=a\n",
            Emit(tree));
    }

    [Fact]
    public void Comments_in_a_multi_document_stream_stay_in_their_documents()
    {
        var tree = Parse("---\n# first doc\nk1: v\nk2: v\n# end of first\n---\nk3: v\n");

        Assert.Equal(2, tree.Branches.Count);
        Assert.Equal([null, "k1", "k2", null], tree.Branches[0].Items.Select(i => i.Key));
        Assert.Equal(TreeItem.Comment(" end of first"), tree.Branches[0].Items[^1]);
        Assert.Equal("# first doc\nk1: v\nk2: v\n# end of first\n---\nk3: v\n", Emit(tree));
    }

    [Fact]
    public void Emit_value_of_a_branch_with_comments_is_the_branch_as_a_document()
    {
        var branch = Parse("# c0\nk1: v\nk2: v\n# c1\n").Branches[0];
        Assert.Equal("# c0\nk1: v\nk2: v\n# c1\n", Encoding.UTF8.GetString(new YamlFormat().EmitValue(branch)));
    }

    [Fact]
    public void Empty_flow_mapping_document_round_trips()
    {
        var tree = Parse("{}\n");
        Assert.Single(tree.Branches);
        Assert.Equal("{}\n", Emit(tree));
    }

    [Fact]
    public void Aliased_sequence_and_mapping_are_copied_into_each_use()
    {
        var tree = Parse("---\nk1: &list\n  - x\nk2: *list\nk3: &map\n  a: b\n  c: d\nk4: *map\n");

        var branch = tree.Branches.Single();
        Assert.Equal(branch.Get("k1"), branch.Get("k2"));
        Assert.Equal(branch.Get("k3"), branch.Get("k4"));
        Assert.Equal("k1:\n    - x\nk2:\n    - x\nk3:\n    a: b\n    c: d\nk4:\n    a: b\n    c: d\n", Emit(tree));
    }
}
