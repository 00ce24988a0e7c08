using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Ini;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Formats.FormatFixtures;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;

namespace SecretsKit.Core.Tests.Formats.Ini;

public sealed class IniFormatTests
{
    private readonly IniFormat _ini = new();

    [Fact]
    public void Encrypted_ft_format_ini_round_trips_byte_for_byte()
    {
        var input = Read("ft-format.enc.ini");
        var doc = _ini.ParseEncrypted(input);
        Assert.Equal(input, _ini.EmitEncrypted(doc.Tree, doc.Metadata));
    }

    [Fact]
    public void Encrypted_ft_format_ini_has_default_then_foo_and_unescaped_metadata()
    {
        var doc = _ini.ParseEncrypted(Read("ft-format.enc.ini"));
        var items = doc.Tree.Branches[0].Items;
        Assert.Equal(["DEFAULT", "foo"], items.Select(i => i.Key));
        Assert.Empty(Map(items[0].Value).Items);
        Assert.StartsWith("ENC[AES256_GCM,data:Upwq,", Str(Map(items[1].Value).Get("bar")), StringComparison.Ordinal);
        Assert.Equal(["lastmodified", "mac", "pgp", "unencrypted_suffix", "version"], doc.Metadata.Items.Select(i => i.Key));
        var enc = Str(Map(Seq(doc.Metadata.Get("pgp")).Items[0]).Get("enc"));
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n\nwcBM", enc, StringComparison.Ordinal);
        Assert.DoesNotContain("\\n", enc, StringComparison.Ordinal);
    }

    [Fact]
    public void The_3_13_1_multiline_form_parses_to_the_same_metadata_shape_and_is_rewritten_with_escapes()
    {
        var escaped = _ini.ParseEncrypted(Read("ft-format.enc.ini"));
        var multiline = _ini.ParseEncrypted(Read("ft-format-3.13.1-multiline.enc.ini"));
        Assert.Equal(Shape(escaped.Metadata), Shape(multiline.Metadata));
        var enc = Str(Map(Seq(multiline.Metadata.Get("pgp")).Items[0]).Get("enc"));
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n\nwcBM", enc, StringComparison.Ordinal);
        Assert.EndsWith("\n=j3Rn\n-----END PGP MESSAGE-----", enc, StringComparison.Ordinal);
        Assert.Equal(12, enc.Split('\n').Length);

        var rewritten = FromUtf8(_ini.EmitEncrypted(multiline.Tree, multiline.Metadata));
        Assert.DoesNotContain("\"\"\"", rewritten, StringComparison.Ordinal);
        Assert.Contains("pgp__list_0__map_enc        = -----BEGIN PGP MESSAGE-----\\n\\nwcBM", rewritten, StringComparison.Ordinal);
        Assert.Equal(multiline.Metadata, _ini.ParseEncrypted(Utf8(rewritten)).Metadata);
    }

    private static string Shape(TreeNode node) => node switch
    {
        TreeBranch b => "{" + string.Join(",", b.Items.Select(i => i.Key + ":" + Shape(i.Value))) + "}",
        Sequence s => "[" + string.Join(",", s.Items.Select(Shape)) + "]",
        _ => node.GetType().Name,
    };

    [Fact]
    public void Old_ini_with_encrypted_section_comment_and_random_metadata_order_parses()
    {
        var doc = _ini.ParseEncrypted(Read("sops-example.enc.ini"));
        var items = doc.Tree.Branches[0].Items;
        Assert.Equal(["DEFAULT", "name", "address", "phoneNumbers", "not private"], items.Select(i => i.Key));
        var name = Map(items[1].Value);
        Assert.True(name.Items[0].IsComment);
        var comment = Assert.IsType<CommentValue>(name.Items[0].Value).Text;
        Assert.StartsWith("ENC[AES256_GCM,data:EexY", comment, StringComparison.Ordinal);
        Assert.EndsWith("type:comment]", comment, StringComparison.Ordinal);
        Assert.Equal(["firstName", "lastName", "age"], name.Items.Skip(1).Select(i => i.Key));
        Assert.Equal("hi there!", Str(Map(items[4].Value).Get("notsecret_unencrypted")));

        var pgp = Seq(doc.Metadata.Get("pgp")).Items.Select(Map).ToList();
        Assert.Equal("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", Str(pgp[0].Get("fp")));
        Assert.Equal("D7229043384BCC60326C6FB9D8720D957C3D3074", Str(pgp[1].Get("fp")));
        Assert.All(pgp, p => Assert.Equal(["created_at", "enc", "fp"], p.Items.Select(i => i.Key).Order()));
        Assert.Equal("2019-12-10T22:45:52Z", Str(doc.Metadata.Get("lastmodified")));
        Assert.Equal("3.5.0", Str(doc.Metadata.Get("version")));
    }

    [Fact]
    public void Sopsnix_ini_section_comment_loses_its_semicolon_and_space()
    {
        var doc = _ini.ParseEncrypted(Read("sopsnix-secrets.enc.ini"));
        var welcome = Map(doc.Tree.Branches[0].Get("Welcome!"));
        Assert.StartsWith("ENC[AES256_GCM,data:Q3Cf", Assert.IsType<CommentValue>(welcome.Items[0].Value).Text, StringComparison.Ordinal);
        Assert.Equal(["hello", "example_key", "never_gonna"], welcome.Items.Skip(1).Select(i => i.Key));
        Assert.Equal(2, Seq(doc.Metadata.Get("pgp")).Items.Count);
        Assert.Equal("3.7.3", Str(doc.Metadata.Get("version")));
    }

    [Fact]
    public void Plain_emit_matches_sops_decrypt_output_exactly()
    {
        Assert.Equal("[foo]\nbar = baz\n", FromUtf8(_ini.EmitPlain(Doc(I("DEFAULT", TreeBranch.Empty), I("foo", Map(I("bar", "baz")))))));
    }

    [Fact]
    public void Yaml_to_ini_conversion_example_from_the_fixtures_readme_is_reproduced_exactly()
    {
        var utc = TimeSpan.Zero;
        var tree = Doc(I("the_section", Map(
            I("int", new IntValue(123)),
            I("float", new FloatValue(1.23)),
            I("bool", new BoolValue(true)),
            I("date", new TimeValue(new DateTimeOffset(2025, 1, 2, 0, 0, 0, utc))),
            I("timestamp", new TimeValue(new DateTimeOffset(2025, 1, 2, 3, 4, 5, utc))),
            I("utc_timestamp", new TimeValue(new DateTimeOffset(2025, 1, 2, 3, 4, 5, utc))),
            I("string", "this is a string"))));
        const string expected = """
            [the_section]
            int           = 123
            float         = 1.23
            bool          = true
            date          = 2025-01-02T00:00:00Z
            timestamp     = 2025-01-02T03:04:05Z
            utc_timestamp = 2025-01-02T03:04:05Z
            string        = this is a string

            """;
        Assert.Equal(expected, FromUtf8(_ini.EmitPlain(tree)));
    }

    [Fact]
    public void Plain_document_with_default_keys_and_comments_round_trips()
    {
        const string input = "top = 1\n\n; about s1\n# second line\n[s1]\n; about a\na  = x\nbb = y\n\n[s2]\nc = z\n";
        var tree = _ini.ParsePlain(Utf8(input));
        var items = tree.Branches[0].Items;
        Assert.Equal(["DEFAULT", "s1", "s2"], items.Select(i => i.Key));
        Assert.Equal(Map(I("top", "1")), items[0].Value);
        Assert.Equal(
            Map(TreeItem.Comment("about s1\n# second line"), I("a", "x"), TreeItem.Comment("about a"), I("bb", "y")),
            items[1].Value);
        Assert.Equal(input, FromUtf8(_ini.EmitPlain(tree)));
    }

    [Theory]
    [InlineData("k = v ; comment", "v")]
    [InlineData("k = v#no space needed", "v")]
    [InlineData("k=   padded   ", "padded")]
    [InlineData("k = \"  quoted spaces  \"", "  quoted spaces  ")]
    [InlineData("k = 'single'", "single")]
    [InlineData("k = \"mid\"dle\"", "\"mid\"dle\"")]
    [InlineData("k = `a;b#c`", "a;b#c")]
    [InlineData("k = \"\"\"x;y\"\"\"", "x;y")]
    [InlineData("k: colon", "colon")]
    [InlineData("k = a=b", "a=b")]
    [InlineData("k =", "")]
    [InlineData("`a=b` = v", "v")]
    [InlineData("k = line1 \\\n  line2\\\n line3\nnext = 1", "line1 line2line3")]
    [InlineData("k = \"\"\"first\nsecond\n  third\"\"\"\nnext = 1", "first\nsecond\n  third")]
    [InlineData("k = `multi\nline`", "multi\nline")]
    [InlineData("k = crlf\r\nnext = 1", "crlf")]
    public void Values_are_read_like_go_ini(string line, string expected)
    {
        var section = Map(_ini.ParsePlain(Utf8("[s]\n" + line + "\n")).Branches[0].Get("s"));
        Assert.Equal(expected, Str(section.Items.First(i => !i.IsComment).Value));
    }

    [Fact]
    public void Repeated_keys_keep_the_first_position_and_the_last_value_and_dash_keys_auto_number()
    {
        var section = Map(_ini.ParsePlain(Utf8("[s]\na = 1\nb = 2\na = 3\n- = x\n- = y\n")).Branches[0].Get("s"));
        Assert.Equal(Map(I("a", "3"), I("b", "2"), I("#1", "x"), I("#2", "y")), section);
    }

    [Fact]
    public void Repeated_sections_stay_separate()
    {
        var items = _ini.ParsePlain(Utf8("[s]\na = 1\n[s]\na = 2\n")).Branches[0].Items;
        Assert.Equal(["DEFAULT", "s", "s"], items.Select(i => i.Key));
    }

    [Theory]
    [InlineData("[unclosed\n", "line 1")]
    [InlineData("[s]\nkey = ok\nthisisnotakeyvalue\n", "line 3")]
    [InlineData("[s]\n= value\n", "line 2")]
    [InlineData("[]\n", "line 1")]
    [InlineData("[s]\nk = \"\"\"never closed\nmore\n", "line 2")]
    public void Malformed_ini_fails_with_exit_2_naming_the_line(string input, string where)
    {
        var ex = Assert.Throws<MalformedFileException>(() => _ini.ParsePlain(Utf8(input)));
        Assert.Equal(ExitCodes.CouldNotReadInputFile, ex.ExitCode);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("thisisnotakeyvalue", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never closed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_mapping_section_and_nested_values_fail_with_exit_4()
    {
        var flat = Assert.Throws<SecretsKitException>(() => _ini.EmitPlain(Doc(I("key", "topsecret"))));
        Assert.Equal(ExitCodes.ErrorDumpingTree, flat.ExitCode);
        Assert.DoesNotContain("topsecret", flat.Message, StringComparison.Ordinal);
        var nested = Assert.Throws<SecretsKitException>(() => _ini.EmitPlain(Doc(I("s", Map(I("k", Map(I("x", "topsecret"))))))));
        Assert.Equal(ExitCodes.ErrorDumpingTree, nested.ExitCode);
        Assert.DoesNotContain("topsecret", nested.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypted_parse_without_sops_section_fails_with_exit_1()
    {
        var ex = Assert.Throws<MetadataNotFoundException>(() => _ini.ParseEncrypted(Utf8("[a]\nb = c\n")));
        Assert.Equal(ExitCodes.Generic, ex.ExitCode);
        Assert.Equal("sops metadata not found", ex.Message);
    }

    [Fact]
    public void Example_tree_emits_the_sops_simple_example()
    {
        Assert.Equal(
            ";  This is an example file.\n[Welcome!]\nhello       = Welcome to SOPS! Edit this file as you please!\nexample_key = example_value\n",
            FromUtf8(_ini.EmitPlain(_ini.ExampleTree)));
    }

    [Fact]
    public void Emit_value_writes_strings_raw_scalars_as_json_and_sections_as_documents()
    {
        Assert.Equal("a;b", FromUtf8(_ini.EmitValue(new StringValue("a;b"))));
        Assert.Equal("123", FromUtf8(_ini.EmitValue(new IntValue(123))));
        Assert.Equal("true", FromUtf8(_ini.EmitValue(new BoolValue(true))));
        Assert.Equal("[s]\nk = v\n", FromUtf8(_ini.EmitValue(Map(I("s", Map(I("k", "v")))))));
    }

    [Fact]
    public void Inline_comments_are_cut_from_the_value_and_become_the_keys_comment()
    {
        var section = Map(_ini.ParsePlain(Utf8("[s]\n; above\nk = v ; inline\nj = w # hashed\n")).Branches[0].Get("s"));
        Assert.Equal(
            Map(I("k", "v"), TreeItem.Comment("above\n; inline"), I("j", "w"), TreeItem.Comment("hashed")),
            section);
        Assert.Equal("[s]\n; above\n; inline\nk = v\n; hashed\nj = w\n", FromUtf8(_ini.EmitPlain(new SopsTree([new TreeBranch([I("s", section)])]))));
    }

    [Theory]
    [InlineData("sops-example.enc.ini")]
    [InlineData("sopsnix-secrets.enc.ini")]
    public void Data_sections_of_old_files_are_rewritten_exactly_as_sops_wrote_them(string name)
    {
        var input = FromUtf8(Read(name));
        var dataPart = input[..(input.IndexOf("\n[sops]\n", StringComparison.Ordinal) + 1)];
        var doc = _ini.ParseEncrypted(Read(name));
        Assert.Equal(dataPart, FromUtf8(_ini.EmitPlain(doc.Tree)) + "\n");
    }
}
