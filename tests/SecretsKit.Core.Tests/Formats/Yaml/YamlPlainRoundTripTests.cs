using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats.Yaml;

public sealed class YamlPlainRoundTripTests
{
    private static string RoundTrip(string input, int indent = 4)
    {
        var format = new YamlFormat(indent);
        return Encoding.UTF8.GetString(format.EmitPlain(format.ParsePlain(Encoding.UTF8.GetBytes(input))));
    }

    [Fact]
    public void Unquoted_dates_become_times_and_emit_as_rfc3339_nano()
    {
        // From the fixtures README: sops decrypt of this (after encrypt) prints exactly the second string.
        var format = new YamlFormat();
        var tree = format.ParsePlain(Encoding.UTF8.GetBytes("a: 2024-01-01\nb: 2006-01-02T15:04:05+07:06"));

        var branch = tree.Branches.Single();
        var a = Assert.IsType<TimeValue>(branch.Get("a"));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), a.Value);
        var b = Assert.IsType<TimeValue>(branch.Get("b"));
        Assert.Equal(new TimeSpan(7, 6, 0), b.Value.Offset);
        Assert.Equal("a: 2024-01-01T00:00:00Z\nb: 2006-01-02T15:04:05+07:06\n", Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Comments_fixture_keeps_head_comments_with_their_leading_space()
    {
        var format = new YamlFormat();
        var tree = format.ParsePlain(YamlFixtures.Bytes("ft-comments.plain.yaml"));

        Assert.Equal(
            [TreeItem.Comment(" first comment in file"), new TreeItem("lorem", new StringValue("ipsum")),
             TreeItem.Comment(" this-is-a-comment"), new TreeItem("dolor", new StringValue("sit"))],
            tree.Branches.Single().Items);
        Assert.Equal("# first comment in file\nlorem: ipsum\n# this-is-a-comment\ndolor: sit\n",
            Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Comment_inside_a_list_becomes_a_list_element_and_is_indented_with_the_items()
    {
        var format = new YamlFormat();
        var tree = format.ParsePlain(YamlFixtures.Bytes("ft-comments-list.plain.yaml"));

        var list = Assert.IsType<Sequence>(tree.Branches.Single().Get("lorem"));
        Assert.Equal([new StringValue("foo"), new CommentValue("this-is-a-comment"), new StringValue("bar")], list.Items);
        Assert.Equal("lorem:\n    - foo\n    #this-is-a-comment\n    - bar\n", Encoding.UTF8.GetString(format.EmitPlain(tree)));
        Assert.Equal("lorem:\n  - foo\n  #this-is-a-comment\n  - bar\n", RoundTrip(YamlFixtures.Text("ft-comments-list.plain.yaml"), 2));
    }

    [Fact]
    public void Plainfile_fixture_round_trips()
    {
        Assert.Equal("hello: world\n", RoundTrip(YamlFixtures.Text("ft-plainfile.plain.yaml")));
    }

    [Fact]
    public void Multi_document_stream_gives_one_branch_per_document_and_separators_between_them()
    {
        var format = new YamlFormat();
        var tree = format.ParsePlain(Encoding.UTF8.GetBytes("---\na: 1\n---\nb: two\n---\n"));

        Assert.Equal(3, tree.Branches.Count);
        Assert.Empty(tree.Branches[2].Items);
        Assert.Equal("a: 1\n---\nb: two\n---\n{}\n", Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Encrypted_emit_appends_the_metadata_to_every_document()
    {
        var format = new YamlFormat();
        var tree = new SopsTree([
            new TreeBranch([new TreeItem("a", new IntValue(1))]),
            new TreeBranch([new TreeItem("b", new IntValue(2))]),
        ]);
        var metadata = new TreeBranch([new TreeItem("version", new StringValue("3.13.2"))]);

        var text = Encoding.UTF8.GetString(format.EmitEncrypted(tree, metadata));

        Assert.Equal("a: 1\nsops:\n    version: 3.13.2\n---\nb: 2\nsops:\n    version: 3.13.2\n", text);
        var back = format.ParseEncrypted(Encoding.UTF8.GetBytes(text));
        Assert.Equal(tree, back.Tree);
        Assert.Equal(metadata, back.Metadata);
    }

    [Fact]
    public void Empty_input_is_zero_documents_and_an_empty_tree_emits_nothing()
    {
        var format = new YamlFormat();
        Assert.Empty(format.ParsePlain([]).Branches);
        Assert.Empty(format.EmitPlain(new SopsTree([])));
    }

    [Theory]
    [InlineData(4, "k:\n    - a: 1\n      b:\n        - x\n      c:\n        d: |-\n            l1\n            l2\n")]
    [InlineData(2, "k:\n  - a: 1\n    b:\n      - x\n    c:\n      d: |-\n        l1\n        l2\n")]
    [InlineData(3, "k:\n   - a: 1\n     b:\n      - x\n     c:\n      d: |-\n         l1\n         l2\n")] // 3*((5+3)/3) = 6
    [InlineData(1, "k:\n  - a: 1\n    b:\n      - x\n    c:\n      d: |-\n        l1\n        l2\n")] // clamped to 2
    [InlineData(12, "k:\n  - a: 1\n    b:\n      - x\n    c:\n      d: |-\n        l1\n        l2\n")] // clamped to 2
    public void Nested_sequences_and_maps_follow_the_yaml_v3_indent_rule(int indent, string expected)
    {
        // Inside a sequence item the indent is "- " + 2; everything else goes to the next multiple of the indent.
        const string input = "k:\n- a: 1\n  b: [x]\n  c: {d: \"l1\\nl2\"}\n";
        Assert.Equal(expected, RoundTrip(input, indent));
    }

    [Fact]
    public void Comments_keep_their_places_through_a_round_trip()
    {
        const string input =
            "# head\n" +
            "a: x # inline\n" +
            "b:\n" +
            "    c: 1\n" +
            "    # foot of c\n" +
            "# before d\n" +
            "d:\n" +
            "    - one # on one\n" +
            "    # between\n" +
            "    - two\n" +
            "    # after two\n" +
            "# end\n";
        Assert.Equal(input, RoundTrip(input));
    }

    [Fact]
    public void Line_comment_after_a_key_with_a_block_value_moves_above_the_key()
    {
        var format = new YamlFormat();
        var tree = format.ParsePlain(Encoding.UTF8.GetBytes("a: # about a\n    b: 1\n"));

        Assert.Equal(TreeItem.Comment(" about a"), tree.Branches[0].Items[0]);
        Assert.Equal("# about a\na:\n    b: 1\n", Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Inline_comment_of_a_value_is_marked_inline_and_stays_on_its_line()
    {
        var format = new YamlFormat();
        var tree = format.ParsePlain(Encoding.UTF8.GetBytes("a: x # c\nl:\n  - w # d\n"));

        Assert.Equal(TreeItem.Comment(" c", inline: true), tree.Branches[0].Items[0]);
        var list = Assert.IsType<Sequence>(tree.Branches[0].Get("l"));
        Assert.Equal(new CommentValue(" d", Inline: true), list.Items[0]);
        Assert.Equal("a: x # c\nl:\n    - w # d\n", Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Aliases_are_expanded_and_merge_keys_stay_plain_string_keys()
    {
        const string input = "base: &b {x: 1}\nname: &n hello\nother: *n\nderived:\n  <<: *b\n  z: 2\n";
        var format = new YamlFormat();
        var tree = format.ParsePlain(Encoding.UTF8.GetBytes(input));

        var branch = tree.Branches[0];
        Assert.Equal(new StringValue("hello"), branch.Get("other"));
        var derived = Assert.IsType<TreeBranch>(branch.Get("derived"));
        Assert.Equal(new TreeBranch([new TreeItem("x", new IntValue(1))]), derived.Get("<<"));
        // yaml.v3's resolver has no hint for '<', so "<<" resolves to a string and is written plain.
        Assert.Equal("base:\n    x: 1\nname: hello\nother: hello\nderived:\n    <<:\n        x: 1\n    z: 2\n",
            Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Empty_collections_nulls_and_empty_strings_use_yaml_v3_spellings()
    {
        Assert.Equal("a: {}\nb: []\nc: null\nd: null\ne: \"\"\nf: \"\"\n", RoundTrip("a: {}\nb: []\nc:\nd: ~\ne: ''\nf: \"\"\n"));
    }

    [Fact]
    public void Keys_longer_than_128_bytes_are_written_as_complex_keys()
    {
        var key = new string('k', 129);
        Assert.Equal($"? {key}\n: v\nshort: w\n", RoundTrip($"{key}: v\nshort: w\n"));
        var fits = new string('k', 128);
        Assert.Equal($"{fits}: v\n", RoundTrip($"{fits}: v\n"));
    }

    [Fact]
    public void Example_tree_emits_the_sops_example_document()
    {
        var format = new YamlFormat();
        Assert.Equal(
            "hello: Welcome to SOPS! Edit this file as you please!\n" +
            "example_key: example_value\n" +
            "# Example comment\n" +
            "example_array:\n" +
            "    - example_value1\n" +
            "    - example_value2\n" +
            "example_number: 1234.56789\n" +
            "example_booleans:\n" +
            "    - true\n" +
            "    - false\n",
            Encoding.UTF8.GetString(format.EmitPlain(format.ExampleTree)));
    }

    [Fact]
    public void Emit_value_prints_strings_raw_and_other_values_as_yaml_documents()
    {
        var format = new YamlFormat();
        Assert.Equal("multi\nline", Encoding.UTF8.GetString(format.EmitValue(new StringValue("multi\nline"))));
        Assert.Equal("5\n", Encoding.UTF8.GetString(format.EmitValue(new IntValue(5))));
        Assert.Equal("1.234568e+09\n", Encoding.UTF8.GetString(format.EmitValue(new FloatValue(1234568000.0))));
        Assert.Equal("true\n", Encoding.UTF8.GetString(format.EmitValue(new BoolValue(true))));
        Assert.Equal("null\n", Encoding.UTF8.GetString(format.EmitValue(NullValue.Instance)));
        Assert.Equal("- a\n- b:\n    c: 1\n",
            Encoding.UTF8.GetString(format.EmitValue(new Sequence([
                new StringValue("a"),
                new TreeBranch([new TreeItem("b", new TreeBranch([new TreeItem("c", new IntValue(1))]))]),
            ]))));
        Assert.Equal("x:\n    z: 1\n",
            Encoding.UTF8.GetString(format.EmitValue(new TreeBranch([new TreeItem("x", new TreeBranch([new TreeItem("z", new IntValue(1))]))]))));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_written_as_binary_base64_and_read_back()
    {
        var format = new YamlFormat();
        var small = new byte[] { 0xFF, 0xFE };
        var large = Enumerable.Range(0, 60).Select(i => (byte)(0x80 + i)).ToArray();
        var tree = new SopsTree([new TreeBranch([
            new TreeItem("s", new BytesValue(small)),
            new TreeItem("l", new BytesValue(large)),
            new TreeItem("u", new BytesValue("hi"u8.ToArray())),
        ])]);

        var text = Encoding.UTF8.GetString(format.EmitPlain(tree));

        var b64 = Convert.ToBase64String(large);
        Assert.Equal($"s: !!binary //4=\nl: !!binary |\n    {b64[..70]}\n    {b64[70..]}\nu: hi\n", text);
        var back = format.ParsePlain(Encoding.UTF8.GetBytes(text)).Branches[0];
        Assert.Equal(new BytesValue(small), back.Get("s"));
        Assert.Equal(new BytesValue(large), back.Get("l"));
    }

    [Fact]
    public void Line_comment_after_a_flow_collection_goes_first_inside_it()
    {
        var format = new YamlFormat();
        var tree = format.ParsePlain(Encoding.UTF8.GetBytes("a: [x, z] # about a\nb: {c: 1} # about b\n"));

        var a = Assert.IsType<Sequence>(tree.Branches[0].Get("a"));
        Assert.Equal(new CommentValue(" about a"), a.Items[0]);
        var b = Assert.IsType<TreeBranch>(tree.Branches[0].Get("b"));
        Assert.Equal(TreeItem.Comment(" about b"), b.Items[0]);
        Assert.Equal("a:\n    # about a\n    - x\n    - z\nb:\n    # about b\n    c: 1\n", Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Comments_after_an_explicit_document_end_stay_with_that_document()
    {
        var format = new YamlFormat();
        var tree = format.ParsePlain(Encoding.UTF8.GetBytes("a: 1\n...\n# after\n"));

        Assert.Equal([new TreeItem("a", new IntValue(1)), TreeItem.Comment(" after")], tree.Branches.Single().Items);
        Assert.Equal("a: 1\n# after\n", Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Comment_after_an_indentless_sequence_in_the_key_column_belongs_to_the_next_key()
    {
        var format = new YamlFormat();
        var tree = format.ParsePlain(Encoding.UTF8.GetBytes(
            "containers:\n- name: a\n  image: x\n# about volumes\nvolumes:\n- name: v\n  # inside\n"));

        var branch = tree.Branches.Single();
        Assert.Equal(["containers", null, "volumes"], branch.Items.Select(i => i.Key));
        Assert.Equal(TreeItem.Comment(" about volumes"), branch.Items[1]);
        var volumes = Assert.IsType<Sequence>(branch.Get("volumes"));
        Assert.Equal(TreeItem.Comment(" inside"), ((TreeBranch)volumes.Items[0]).Items[^1]);
        Assert.Equal(
            "containers:\n    - name: a\n      image: x\n# about volumes\nvolumes:\n    - name: v\n      # inside\n",
            Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Comment_text_is_kept_exactly_including_extra_spaces_and_crlf_input()
    {
        var format = new YamlFormat();
        var tree = format.ParsePlain(Encoding.UTF8.GetBytes("#   three spaces\r\na: 1 #  two\r\n#no space\r\nb: 2\r\n"));

        Assert.Equal(
            [TreeItem.Comment("   three spaces"), TreeItem.Comment("  two", inline: true), new TreeItem("a", new IntValue(1)),
             TreeItem.Comment("no space"), new TreeItem("b", new IntValue(2))],
            tree.Branches.Single().Items);
        Assert.Equal("#   three spaces\na: 1 #  two\n#no space\nb: 2\n", Encoding.UTF8.GetString(format.EmitPlain(tree)));
    }

    [Fact]
    public void Multi_line_string_inside_a_sequence_item_is_indented_two_past_the_dash()
    {
        var tree = new SopsTree([new TreeBranch([
            new TreeItem("l", new Sequence([new StringValue("a\nb"), new StringValue("c\n")])),
        ])]);
        Assert.Equal("l:\n    - |-\n      a\n      b\n    - |\n      c\n", Encoding.UTF8.GetString(new YamlFormat().EmitPlain(tree)));
    }
}
