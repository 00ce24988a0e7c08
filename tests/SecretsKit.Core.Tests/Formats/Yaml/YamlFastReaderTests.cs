using System.Diagnostics;
using System.Globalization;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;
using SecretsKit.Testing.Common;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// The fast reader of the YAML sops writes: on every YAML file of the repository and on files the writer makes, it gives
/// exactly the tree YamlDotNet's reader gives, or leaves the file to it; it accepts the encrypted files it is for.
/// </summary>
public sealed class YamlFastReaderTests
{
    internal const string Enc = "ENC[AES256_GCM,data:aIj/0l0k1kJBlstFmVV5CffK7xavaahf,iv:1OV2v6eDna7xhz7EY06i09It7whxuhroInZvuQ1FsvY=,tag:a2FB995b2SYk6MqkVppIdA==,type:str]";
    private const string EncComment = "ENC[AES256_GCM,data:Kl5FrvSs7mlDnu9xjpbGEhph,iv:x4Q9Y6N51fIzjd+elprbcSsmiyuB783PpOAZOlBgZIw=,tag:dMIUpfKc0HeLqQQ3+cZ3Zw==,type:comment]";
    private const string AgeBlock = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBqL2c1R2R5KzdrajVCa2Fh\nQGMuUX0uM2uI1XrPpbqgRcpNGYg1FUQjmoeZCmRw3hjGK8TFreTukQ==\n-----END AGE ENCRYPTED FILE-----\n";
    private const string PgpBlock = "-----BEGIN PGP MESSAGE-----\n\nhQEMAyUpShfNkFB/AQgAlvpTj0NYqF4mQyIeM7wX2SHLb4U07/flpqDpp2W/30Pz\n=Ykiw\n-----END PGP MESSAGE-----\n";

    /// <summary>The fast reader's tree, checked equal to the existing reader's when it gives one; null when it leaves the text.</summary>
    internal static TreeBranch? AssertSameOrFallback(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var fast = YamlFastReader.TryRead(utf8);
        if (fast is null) return null;
        // Both read the same bytes (a generated text may hold a lone surrogate, which UTF-8 cannot carry).
        text = Encoding.UTF8.GetString(utf8);
        IReadOnlyList<TreeBranch> existing;
        try
        {
            existing = YamlTreeReader.ReadUnfolded(text);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"the fast reader accepted what the existing reader refuses ({e.Message}):\n{text}");
        }
        if (existing.Count != 1 || !existing[0].Equals(fast))
        {
            throw new Xunit.Sdk.XunitException($"the fast reader's tree differs:\n{text}\nexisting: {Dump(existing)}\nfast: {Dump([fast])}");
        }
        return fast;
    }

    private static string Dump(IReadOnlyList<TreeBranch> branches)
    {
        var text = new StringBuilder();
        foreach (var branch in branches) Dump(branch, text);
        return text.ToString();
    }

    private static void Dump(TreeNode node, StringBuilder text)
    {
        switch (node)
        {
            case TreeBranch branch:
                text.Append('{');
                foreach (var item in branch.Items)
                {
                    text.Append(item.Key ?? "#").Append('=');
                    Dump(item.Value, text);
                    text.Append("; ");
                }
                text.Append('}');
                break;
            case Sequence sequence:
                text.Append('[');
                foreach (var item in sequence.Items)
                {
                    Dump(item, text);
                    text.Append(", ");
                }
                text.Append(']');
                break;
            default:
                text.Append(node.GetType().Name).Append('(').Append(node switch
                {
                    StringValue s => s.Value,
                    CommentValue c => c.Text + (c.Inline ? " inline" : ""),
                    _ => node.ToString(),
                }).Append(')');
                break;
        }
    }

    private static IEnumerable<string> RepositoryYamlFiles()
    {
        var root = SharedFixtures.RepositoryRoot;
        foreach (var top in new[] { "examples", "tests", "deploy", "bench", "docs", "interop" })
        {
            var dir = Path.Combine(root, top);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)) continue;
                if (file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal)) yield return relative;
            }
        }
    }

    [Fact]
    public void Every_yaml_file_of_the_repository_reads_the_same_and_the_encrypted_ones_are_read_fast()
    {
        var root = SharedFixtures.RepositoryRoot;
        var checkedFiles = 0;
        var acceptedEncrypted = new List<string>();
        foreach (var relative in RepositoryYamlFiles())
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, relative));
            if (bytes.AsSpan().StartsWith("\uFEFF"u8) || !System.Text.Unicode.Utf8.IsValid(bytes)) continue;
            var text = Encoding.UTF8.GetString(bytes);
            var fast = AssertSameOrFallback(text);
            checkedFiles++;
            if (fast?.Get("sops") is TreeBranch) acceptedEncrypted.Add(relative);
        }

        Assert.True(checkedFiles >= 100, $"only {checkedFiles} YAML files found");
        string[] expected =
        [
            "examples/helmfile/environments/dev/secrets.yaml",
            "examples/pipeline/secrets/prod/secrets.yaml",
            "tests/fixtures/seed-release/environments/prod/secrets.yaml",
            "tests/fixtures/sops/SYNTHETIC-shamir-2of2-age.enc.yaml",
            "tests/fixtures/sops/ft-comments.enc.yaml",
            "tests/fixtures/sops/ft-multiple-keys.enc.yaml",
            "tests/fixtures/sops/sopsnix-secrets.enc.yaml",
        ];
        foreach (var file in expected) Assert.Contains(file, acceptedEncrypted);
    }

    [Theory]
    [MemberData(nameof(YamlFoldedValuesTests.Documents), MemberType = typeof(YamlFoldedValuesTests))]
    [MemberData(nameof(YamlFoldedValuesTests.LongPlainDocuments), MemberType = typeof(YamlFoldedValuesTests))]
    [MemberData(nameof(YamlFoldedValuesTests.Malformed), MemberType = typeof(YamlFoldedValuesTests))]
    [MemberData(nameof(YamlFoldedValuesTests.ReadAhead), MemberType = typeof(YamlFoldedValuesTests))]
    public void The_documents_the_folded_path_tests_read_read_the_same(string yaml) => AssertSameOrFallback(yaml);

    [Theory]
    [InlineData("ft-comments.plain.yaml")]
    [InlineData("ft-comments-list.plain.yaml")]
    [InlineData("ft-plainfile.plain.yaml")]
    [InlineData("SYNTHETIC-shamir-2of2-age.plain.yaml")]
    [InlineData("ft-comments.enc.yaml")]
    [InlineData("ft-comments-unencrypted-comments.enc.yaml")]
    [InlineData("ft-format.enc.yaml")]
    [InlineData("ft-no-mac.enc.yaml")]
    [InlineData("sops-example.enc.yaml")]
    public void The_sops_fixtures_the_yaml_tests_read_read_the_same(string name) => AssertSameOrFallback(YamlFixtures.Text(name));

    [Theory]
    [InlineData("a:\n    b: 1\n# after a nested mapping, above the next key\nd: 2\n")]
    [InlineData("a:\n    - x\n# after a nested list\nd: 2\n")]
    [InlineData("a:\n- x\n# between indentless items\n- y\n# after them\nd: 2\n")]
    [InlineData("a:\n    # above a nested first key\n    b: 1\n")]
    [InlineData("l:\n    # above an item\n    - x\n    # above a mapping item\n    - k: 1\n      # inside it\n      j: 2\n# last\nz: ~\n")]
    [InlineData("---\na: 1\n# at the end\n# and again\n")]
    [InlineData("a: |\n    x\n\n      y\n\n# after a literal\nb: |-\n  x\n  y\nc: ''\n")]
    [InlineData("- x: 1\n")]
    [InlineData("a:\nb:\n    c:\nd: []\ne: {}\nf: 'it''s'\ng: \"x # y\"\nh: ENC[AES256_GCM,data:,iv:,tag:,type:str]\n")]
    public void Comments_above_keys_and_items_literals_and_empty_values_read_the_same(string text)
    {
        var fast = AssertSameOrFallback(text);

        Assert.Equal(!text.StartsWith("- ", StringComparison.Ordinal), fast is not null);
    }

    [Theory]
    [InlineData("a: ---\nb: ...\nc: -x\nd: x:y\ne: 'x'   \nf: \"\"\ng:    b   \n")]
    [InlineData("- ---\n")]
    [InlineData("  # above a top level at column 2\n  a: 1\n  b: 2\n")]
    [InlineData("a: b\n\n\n")]
    [InlineData("a: |\n  x\n  y")]
    [InlineData("a: |\n  x\n   \n  y\n")]
    [InlineData("a: |-\n  x\n\n\nb: 1\n")]
    [InlineData("a: |\n\n  x\n")]
    [InlineData("a: ENC[AES256_GCM,data:é,iv:,tag:,type:str]\nb: x\u00a0y\n")]
    [InlineData("a:\n  - b: |\n      x\n    c: 1\n  -   d: 2\n      e: 3\n")]
    [InlineData("a:\n  - x\n   - y\n")]
    [InlineData("a: x\n b: y\n")]
    [InlineData("a:\n    b: 1\n  c: 2\n")]
    public void Edge_documents_read_the_same_or_are_left_to_the_existing_reader(string text) => AssertSameOrFallback(text);

    [Theory]
    [InlineData("a: 1 # after a value\n")]
    [InlineData("# followed by a blank line\n\na: 1\n")]
    [InlineData("a:\n    b: 1\n    # a foot comment\nc: 2\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: {b: 1}\n")]
    [InlineData("a: \"esc\\n\"\n")]
    [InlineData("a: b\n  continued\n")]
    [InlineData("a: 1\r\nb: 2\r\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("1: one\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("a: >\n    folded\n")]
    public void Text_outside_the_subset_is_left_to_the_existing_reader(string text) => Assert.Null(YamlFastReader.TryRead(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void A_file_the_writer_encrypted_with_comments_nested_maps_a_list_and_age_and_pgp_recipients_is_read_fast()
    {
        var text = WrittenEncryptedFile();

        var fast = AssertSameOrFallback(text);

        Assert.NotNull(fast);
        var metadata = Assert.IsType<TreeBranch>(fast.Get("sops"));
        var age = Assert.IsType<TreeBranch>(Assert.Single(Assert.IsType<Sequence>(metadata.Get("age")).Items));
        Assert.Equal(new StringValue(AgeBlock), age.Get("enc"));
        var pgp = Assert.IsType<TreeBranch>(Assert.Single(Assert.IsType<Sequence>(metadata.Get("pgp")).Items));
        Assert.Equal(new StringValue(PgpBlock), pgp.Get("enc"));
        Assert.Equal(TreeItem.Comment(EncComment), fast.Items[0]);
    }

    [Fact]
    public void A_plain_file_the_writer_wrote_with_ints_bools_floats_dates_and_nulls_is_read_fast()
    {
        var tree = new TreeBranch([
            TreeItem.Comment(" settings"),
            new TreeItem("port", new IntValue(5432)),
            new TreeItem("ratio", new FloatValue(0.25)),
            new TreeItem("huge", new FloatValue(double.PositiveInfinity)),
            new TreeItem("enabled", new BoolValue(true)),
            new TreeItem("nothing", NullValue.Instance),
            new TreeItem("when", new TimeValue(new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero))),
            new TreeItem("quoted", new StringValue("true")),
            new TreeItem("quote", new StringValue("it's")),
            new TreeItem("multi", new StringValue("line one\nline two\n")),
            new TreeItem("strip", new StringValue("line one\nline two")),
            new TreeItem("empty", new Sequence([])),
            new TreeItem("nested", new TreeBranch([
                new TreeItem("list", new Sequence([new IntValue(1), new CommentValue(" between"), new StringValue("two")])),
                TreeItem.Comment(" before deep"),
                new TreeItem("deep", new TreeBranch([new TreeItem("key", new StringValue("value"))])),
            ])),
        ]);
        var text = Encoding.UTF8.GetString(new YamlFormat().EmitPlain(new SopsTree([tree])));

        var fast = AssertSameOrFallback(text);

        Assert.NotNull(fast);
        Assert.Equal(tree, fast);
    }

    [Fact]
    public void The_benchmark_workload_encrypted_with_comments_above_nested_keys_is_read_fast()
    {
        var items = new List<TreeItem> { TreeItem.Comment(EncComment) };
        for (var s = 0; s < 5; s++)
        {
            items.Add(new TreeItem($"service{s}", new TreeBranch([
                TreeItem.Comment(EncComment),
                new TreeItem("host", new StringValue(Enc)),
                new TreeItem("port", new StringValue(Enc)),
                new TreeItem("replicas", new Sequence([new StringValue(Enc), new StringValue(Enc), new StringValue(Enc)])),
                new TreeItem("user", new StringValue(Enc)),
            ])));
        }
        var text = Encoding.UTF8.GetString(new YamlFormat().EmitEncrypted(new SopsTree([new TreeBranch(items)]), Metadata()));

        Assert.NotNull(AssertSameOrFallback(text));
        Assert.NotNull(AssertSameOrFallback(text.Replace("\n    ", "\n  ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_format_reads_an_encrypted_file_through_the_fast_reader_the_same()
    {
        var text = WrittenEncryptedFile();
        var format = new YamlFormat();

        var document = format.ParseEncrypted(Encoding.UTF8.GetBytes(text));

        Assert.Equal(Metadata(), document.Metadata);
        Assert.Equal(Encoding.UTF8.GetBytes(text), format.EmitEncrypted(document.Tree, document.Metadata));
    }

    private static string WrittenEncryptedFile()
    {
        var tree = new TreeBranch([
            TreeItem.Comment(EncComment),
            new TreeItem("database", new TreeBranch([
                TreeItem.Comment(EncComment),
                new TreeItem("password", new StringValue(Enc)),
                new TreeItem("port", new StringValue(Enc.Replace("type:str", "type:int", StringComparison.Ordinal))),
            ])),
            new TreeItem("features", new Sequence([new StringValue(Enc), new CommentValue(EncComment), new StringValue(Enc)])),
            new TreeItem("debug_unencrypted", new BoolValue(true)),
        ]);
        return Encoding.UTF8.GetString(new YamlFormat().EmitEncrypted(new SopsTree([tree]), Metadata()));
    }

    private static TreeBranch Metadata() => new([
        new TreeItem("age", new Sequence([new TreeBranch([
            new TreeItem("recipient", new StringValue("age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl")),
            new TreeItem("enc", new StringValue(AgeBlock)),
        ])])),
        new TreeItem("pgp", new Sequence([new TreeBranch([
            new TreeItem("created_at", new StringValue("2026-11-30T06:00:00Z")),
            new TreeItem("enc", new StringValue(PgpBlock)),
            new TreeItem("fp", new StringValue("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4")),
        ])])),
        new TreeItem("lastmodified", new StringValue("2026-11-30T06:00:00Z")),
        new TreeItem("mac", new StringValue(Enc)),
        new TreeItem("unencrypted_suffix", new StringValue("_unencrypted")),
        new TreeItem("version", new StringValue("3.13.2")),
    ]);

    [Theory]
    [InlineData(100, true)]
    [InlineData(300, false)]
    public void Deep_nesting_reads_the_same_or_is_left_to_the_existing_reader(int depth, bool fast)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++) text.Append(' ', i).Append("k:\n");
        text.Append(' ', depth).Append("leaf: 1\n");

        var read = TimedSameOrFallback(text.ToString());

        Assert.Equal(fast, read is not null);
    }

    [Fact]
    public void A_huge_line_reads_the_same_and_one_past_the_fast_limit_is_left_to_the_existing_reader()
    {
        Assert.NotNull(TimedSameOrFallback("a: " + new string('x', 900_000) + "\n"));
        Assert.Null(TimedSameOrFallback("a: " + new string('x', YamlFastReader.MaxInput) + "\n"));
    }

    [Fact]
    public void Many_keys_read_the_same_and_a_repeated_key_among_them_is_left_to_the_existing_reader_which_refuses_it()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 40_000; i++) text.Append(CultureInfo.InvariantCulture, $"k{i}: {i}\n");

        Assert.NotNull(TimedSameOrFallback(text.ToString()));
        var repeated = text.Append("k17: again\n").ToString();
        Assert.Null(TimedSameOrFallback(repeated));
        Assert.Throws<MalformedFileException>(() => YamlTreeReader.ReadUnfolded(repeated));
    }

    // A guard against quadratic work: each input is sized so that it would take minutes.
    private static TreeBranch? TimedSameOrFallback(string text)
    {
        var clock = Stopwatch.StartNew();
        var read = AssertSameOrFallback(text);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        return read;
    }
}
