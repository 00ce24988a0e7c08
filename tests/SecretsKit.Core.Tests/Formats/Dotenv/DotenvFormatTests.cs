using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Dotenv;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Formats.FormatFixtures;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;

namespace SecretsKit.Core.Tests.Formats.Dotenv;

public sealed class DotenvFormatTests
{
    private readonly DotenvFormat _env = new();

    [Fact]
    public void Encrypted_ft_format_env_round_trips_byte_for_byte()
    {
        var input = Read("ft-format.enc.env");
        var doc = _env.ParseEncrypted(input);
        Assert.Equal(input, _env.EmitEncrypted(doc.Tree, doc.Metadata));
    }

    [Fact]
    public void Encrypted_ft_format_env_keeps_the_key_with_a_trailing_space_and_unflattens_metadata()
    {
        var doc = _env.ParseEncrypted(Read("ft-format.enc.env"));
        var item = Assert.Single(doc.Tree.Branches[0].Items);
        Assert.Equal("foo ", item.Key);
        Assert.StartsWith("ENC[AES256_GCM,data:XBV7lQ==,", Str(item.Value), StringComparison.Ordinal);
        Assert.Equal(["lastmodified", "mac", "pgp", "unencrypted_suffix", "version"], doc.Metadata.Items.Select(i => i.Key));
        var pgp = Map(Assert.Single(Seq(doc.Metadata.Get("pgp")).Items));
        Assert.Equal(["created_at", "enc", "fp"], pgp.Items.Select(i => i.Key));
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n\nwcBM", Str(pgp.Get("enc")), StringComparison.Ordinal);
        Assert.EndsWith("-----END PGP MESSAGE-----", Str(pgp.Get("enc")), StringComparison.Ordinal);
    }

    [Fact]
    public void Old_env_with_random_metadata_order_parses_comment_items_and_lists_by_index()
    {
        var doc = _env.ParseEncrypted(Read("sopsnix-secrets.enc.env"));
        var items = doc.Tree.Branches[0].Items;
        Assert.True(items[0].IsComment);
        var comment = Assert.IsType<CommentValue>(items[0].Value).Text;
        Assert.StartsWith("ENC[AES256_GCM,", comment, StringComparison.Ordinal);
        Assert.EndsWith("type:comment]", comment, StringComparison.Ordinal);
        Assert.Equal(["hello", "example_key", "example_multiline", "never_gonna"], items.Skip(1).Select(i => i.Key));
        Assert.DoesNotContain(items, i => i.Key?.StartsWith("sops_", StringComparison.Ordinal) == true);

        var pgp = Seq(doc.Metadata.Get("pgp")).Items.Select(Map).ToList();
        Assert.Equal(2, pgp.Count);
        Assert.Equal("7FB89715AADA920D65D25E63F9BA9DEBD03F57C0", Str(pgp[0].Get("fp")));
        Assert.Equal("2504791468B153B8A3963CC97BA53D1919C5DFD4", Str(pgp[1].Get("fp")));
        Assert.Contains("\n", Str(pgp[0].Get("enc")), StringComparison.Ordinal);
        Assert.Equal("2023-01-17T12:33:06Z", Str(doc.Metadata.Get("lastmodified")));
        Assert.Equal("3.7.3", Str(doc.Metadata.Get("version")));
        Assert.Equal("_unencrypted", Str(doc.Metadata.Get("unencrypted_suffix")));
        Assert.StartsWith("ENC[", Str(doc.Metadata.Get("mac")), StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_emit_matches_sops_decrypt_output_exactly()
    {
        Assert.Equal("foo = bar\n", FromUtf8(_env.EmitPlain(Doc(I("foo ", " bar")))));
    }

    [Fact]
    public void Parse_splits_at_the_first_equals_without_trimming_or_unquoting()
    {
        var tree = _env.ParsePlain(Utf8("\n# a comment\nA = \"x\"\n\nexport B=c=d\nC=multi\\nline\r\nD=\n=empty\n#\n"));
        var items = tree.Branches[0].Items;
        Assert.Equal(TreeItem.Comment(" a comment"), items[0]);
        Assert.Equal(I("A ", " \"x\""), items[1]);
        Assert.Equal(I("export B", "c=d"), items[2]);
        Assert.Equal(I("C", "multi\nline\r"), items[3]);
        Assert.Equal(I("D", ""), items[4]);
        Assert.Equal(I("", "empty"), items[5]);
        Assert.Equal(TreeItem.Comment(""), items[6]);
        Assert.Equal(7, items.Count);
    }

    [Fact]
    public void Emit_escapes_newlines_and_writes_scalars_with_val_to_string()
    {
        var tree = Doc(
            TreeItem.Comment(" top"),
            I("s", "a\nb"),
            I("i", new IntValue(42)),
            I("f", new FloatValue(25)),
            I("g", new FloatValue(1.5)),
            I("b", new BoolValue(false)),
            I("t", new TimeValue(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero))));
        Assert.Equal("# top\ns=a\\nb\ni=42\nf=25.0\ng=1.5\nb=false\nt=2025-01-02T00:00:00Z\n", FromUtf8(_env.EmitPlain(tree)));
    }

    [Fact]
    public void Plain_round_trip_drops_blank_lines_only()
    {
        const string input = "#c\nA=1\n\nB= two \nC=x\\ny\n";
        Assert.Equal("#c\nA=1\nB= two \nC=x\\ny\n", FromUtf8(_env.EmitPlain(_env.ParsePlain(Utf8(input)))));
    }

    [Fact]
    public void Line_without_equals_fails_with_exit_2_naming_the_line_number_not_its_content()
    {
        var ex = Assert.Throws<MalformedFileException>(() => _env.ParsePlain(Utf8("A=1\n\nhunter2-secret\n")));
        Assert.Equal(ExitCodes.CouldNotReadInputFile, ex.ExitCode);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nested_values_fail_with_exit_4_without_the_value(bool map)
    {
        TreeNode nested = map ? Map(I("inner", "topsecret")) : new Sequence([new StringValue("topsecret")]);
        var ex = Assert.Throws<SecretsKitException>(() => _env.EmitPlain(Doc(I("key", nested))));
        Assert.Equal(ExitCodes.ErrorDumpingTree, ex.ExitCode);
        Assert.Contains("cannot use complex value in dotenv file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'key'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypted_parse_without_sops_lines_fails_with_exit_1()
    {
        var ex = Assert.Throws<MetadataNotFoundException>(() => _env.ParseEncrypted(Utf8("A=1\n")));
        Assert.Equal(ExitCodes.Generic, ex.ExitCode);
        Assert.Equal("sops metadata not found", ex.Message);
    }

    [Fact]
    public void Emit_encrypted_appends_sorted_flattened_metadata_and_reads_it_back()
    {
        var metadata = Map(
            I("age", new Sequence([Map(I("enc", "-----BEGIN AGE ENCRYPTED FILE-----\nabc\n-----END AGE ENCRYPTED FILE-----\n"), I("recipient", "age1x"))])),
            I("lastmodified", "2026-01-01T00:00:00Z"),
            I("mac", "ENC[x]"),
            I("mac_only_encrypted", new BoolValue(true)),
            I("shamir_threshold", new IntValue(2)),
            I("version", "3.13.2"));
        var bytes = _env.EmitEncrypted(Doc(I("A", "ENC[a]")), metadata);
        Assert.Equal(
            "A=ENC[a]\n" +
            "sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\nabc\\n-----END AGE ENCRYPTED FILE-----\\n\n" +
            "sops_age__list_0__map_recipient=age1x\n" +
            "sops_lastmodified=2026-01-01T00:00:00Z\nsops_mac=ENC[x]\nsops_mac_only_encrypted=true\nsops_shamir_threshold=2\nsops_version=3.13.2\n",
            FromUtf8(bytes));
        var back = _env.ParseEncrypted(bytes);
        Assert.Equal(metadata, back.Metadata);
        Assert.Equal(I("A", "ENC[a]"), Assert.Single(back.Tree.Branches[0].Items));
    }

    [Fact]
    public void Example_tree_emits_the_sops_flat_example()
    {
        Assert.Equal(
            "hello=Welcome to SOPS! Edit this file as you please!\nexample_key=example_value\n# Example comment\nexample_multiline=foo\\nbar\\nbaz\n",
            FromUtf8(_env.EmitPlain(_env.ExampleTree)));
    }

    [Fact]
    public void Emit_value_supports_strings_only_among_scalars()
    {
        Assert.Equal("raw\nvalue", FromUtf8(_env.EmitValue(new StringValue("raw\nvalue"))));
        Assert.Equal(ExitCodes.ErrorDumpingTree, Assert.Throws<SecretsKitException>(() => _env.EmitValue(new IntValue(1))).ExitCode);
    }

    [Fact]
    public void Data_lines_of_an_old_file_are_rewritten_exactly_as_sops_wrote_them()
    {
        var input = FromUtf8(Read("sopsnix-secrets.enc.env"));
        var dataPart = input[..input.IndexOf("sops_", StringComparison.Ordinal)];
        var doc = _env.ParseEncrypted(Read("sopsnix-secrets.enc.env"));
        Assert.Equal(dataPart, FromUtf8(_env.EmitPlain(doc.Tree)));
    }
}
