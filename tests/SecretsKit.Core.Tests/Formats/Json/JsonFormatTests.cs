using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Formats.FormatFixtures;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;

namespace SecretsKit.Core.Tests.Formats.Json;

public sealed class JsonFormatTests
{
    private readonly JsonFormat _json = new();

    [Fact]
    public void Encrypted_ft_format_json_round_trips_byte_for_byte()
    {
        var input = Read("ft-format.enc.json");
        var doc = _json.ParseEncrypted(input);
        Assert.Equal(input, _json.EmitEncrypted(doc.Tree, doc.Metadata));
    }

    [Fact]
    public void Encrypted_ft_format_json_splits_data_and_nested_metadata()
    {
        var doc = _json.ParseEncrypted(Read("ft-format.enc.json"));
        var item = Assert.Single(doc.Tree.Branches[0].Items);
        Assert.Equal("foo", item.Key);
        Assert.StartsWith("ENC[AES256_GCM,data:fvD/,", Str(item.Value), StringComparison.Ordinal);
        Assert.Equal(["lastmodified", "mac", "pgp", "unencrypted_suffix", "version"], doc.Metadata.Items.Select(i => i.Key));
        var pgp = Map(Seq(doc.Metadata.Get("pgp")).Items[0]);
        Assert.Equal("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", Str(pgp.Get("fp")));
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n\nwcBM", Str(pgp.Get("enc")), StringComparison.Ordinal);
        Assert.Equal("3.13.1", Str(doc.Metadata.Get("version")));
    }

    [Fact]
    public void Old_3_5_json_with_null_key_lists_and_no_final_newline_parses()
    {
        var input = Read("sops-example.enc.json");
        Assert.NotEqual((byte)'\n', input[^1]);
        var doc = _json.ParseEncrypted(input);
        var data = doc.Tree.Branches[0];
        Assert.Equal(["firstName", "lastName", "age", "address", "phoneNumbers", "anEmptyValue"], data.Items.Select(i => i.Key));
        Assert.EndsWith("type:float]", Str(data.Get("age")), StringComparison.Ordinal);
        Assert.Equal(["city", "postalCode", "state", "streetAddress"], Map(data.Get("address")).Items.Select(i => i.Key));
        Assert.Equal(2, Seq(data.Get("phoneNumbers")).Items.Count);
        Assert.Equal("", Str(data.Get("anEmptyValue")));
        Assert.IsType<NullValue>(doc.Metadata.Get("kms"));
        Assert.IsType<NullValue>(doc.Metadata.Get("gcp_kms"));
        Assert.IsType<NullValue>(doc.Metadata.Get("azure_kv"));
        Assert.Equal(2, Seq(doc.Metadata.Get("pgp")).Items.Count);
        Assert.Equal("2019-12-10T22:45:55Z", Str(doc.Metadata.Get("lastmodified")));
        Assert.Equal("3.5.0", Str(doc.Metadata.Get("version")));
        // Re-emitting adds only the trailing newline 3.10+ writes.
        Assert.Equal([.. input, (byte)'\n'], _json.EmitEncrypted(doc.Tree, doc.Metadata));
    }

    [Theory]
    [InlineData("sops-examples-all-in-one-secret.enc.json")]
    [InlineData("sops-examples-per-file-static-github.enc.json")]
    [InlineData("sopsnix-secrets.enc.json")]
    public void Other_sops_json_fixtures_parse_with_metadata(string name)
    {
        var doc = _json.ParseEncrypted(Read(name));
        Assert.NotNull(doc.Metadata.Get("mac"));
        Assert.NotNull(doc.Metadata.Get("lastmodified"));
        Assert.DoesNotContain(doc.Tree.Branches[0].Items, i => i.Key == "sops");
    }

    [Fact]
    public void Plain_emit_matches_sops_decrypt_output_exactly()
    {
        var tree = Doc(I("foo", "bar"));
        Assert.Equal("{\n\t\"foo\": \"bar\"\n}\n", FromUtf8(_json.EmitPlain(tree)));
    }

    [Fact]
    public void Parse_keeps_order_duplicates_and_number_kinds()
    {
        var tree = _json.ParsePlain(Utf8("""{"b": 1, "a": 1.0, "b": 1e3, "big": 12345678901234567890, "neg": -7, "n": null, "t": true, "l": [false, "x", {}], "o": {"x": []}}"""));
        var items = tree.Branches[0].Items;
        Assert.Equal(["b", "a", "b", "big", "neg", "n", "t", "l", "o"], items.Select(i => i.Key));
        Assert.Equal(new IntValue(1), items[0].Value);
        Assert.Equal(new FloatValue(1.0), items[1].Value);
        Assert.Equal(new FloatValue(1000), items[2].Value);
        Assert.Equal(new FloatValue(12345678901234567890d), items[3].Value);
        Assert.Equal(new IntValue(-7), items[4].Value);
        Assert.IsType<NullValue>(items[5].Value);
        Assert.Equal(new BoolValue(true), items[6].Value);
        Assert.Equal(new Sequence([new BoolValue(false), new StringValue("x"), TreeBranch.Empty]), items[7].Value);
    }

    [Fact]
    public void Emit_round_trips_a_parsed_document_with_nesting_and_empty_containers()
    {
        const string text = "{\n\t\"a\": {\n\t\t\"b\": [\n\t\t\t1,\n\t\t\t2.5,\n\t\t\t{}\n\t\t],\n\t\t\"c\": []\n\t},\n\t\"d\": null,\n\t\"e\": false\n}\n";
        Assert.Equal(text, FromUtf8(_json.EmitPlain(_json.ParsePlain(Utf8(text)))));
    }

    [Theory]
    [InlineData(-1, "{\n\t\"a\": [\n\t\t1\n\t]\n}\n")]
    [InlineData(0, "{\n\"a\": [\n1\n]\n}\n")]
    [InlineData(2, "{\n  \"a\": [\n    1\n  ]\n}\n")]
    [InlineData(4, "{\n    \"a\": [\n        1\n    ]\n}\n")]
    public void Indent_setting_uses_n_spaces(int indent, string expected)
    {
        var tree = Doc(I("a", new Sequence([new IntValue(1)])));
        Assert.Equal(expected, FromUtf8(new JsonFormat(indent).EmitPlain(tree)));
    }

    [Fact]
    public void Comments_are_skipped_on_emit()
    {
        var tree = Doc(TreeItem.Comment(" c"), I("a", new Sequence([new CommentValue("x"), new IntValue(1)])), TreeItem.Comment("end"));
        Assert.Equal("{\n\t\"a\": [\n\t\t1\n\t]\n}\n", FromUtf8(_json.EmitPlain(tree)));
    }

    [Fact]
    public void Time_values_are_written_as_rfc3339nano_strings()
    {
        var t = new TimeValue(new DateTimeOffset(2025, 1, 2, 3, 4, 5, new TimeSpan(7, 6, 0)).AddTicks(1_234_500), 60);
        Assert.Equal("{\n\t\"t\": \"2025-01-02T03:04:05.12345006+07:06\"\n}\n", FromUtf8(_json.EmitPlain(Doc(I("t", t)))));
    }

    [Fact]
    public void Emit_value_strings_are_raw_scalars_reindented_and_mappings_documents()
    {
        Assert.Equal("a<b\n", FromUtf8(_json.EmitValue(new StringValue("a<b\n"))));
        Assert.Equal("1.5", FromUtf8(_json.EmitValue(new FloatValue(1.5))));
        Assert.Equal("[\n\t\"x\",\n\ttrue\n]", FromUtf8(_json.EmitValue(new Sequence([new StringValue("x"), new BoolValue(true)]))));
        Assert.Equal("{\n\t\"k\": 1\n}\n", FromUtf8(_json.EmitValue(Map(I("k", new IntValue(1))))));
    }

    [Fact]
    public void Example_tree_emits_the_sops_example()
    {
        Assert.Equal(
            "{\n\t\"hello\": \"Welcome to SOPS! Edit this file as you please!\",\n\t\"example_key\": \"example_value\",\n\t\"example_array\": [\n\t\t\"example_value1\",\n\t\t\"example_value2\"\n\t],\n\t\"example_number\": 1234.56789,\n\t\"example_booleans\": [\n\t\ttrue,\n\t\tfalse\n\t]\n}\n",
            FromUtf8(_json.EmitPlain(_json.ExampleTree)));
    }

    [Theory]
    [InlineData("{\"a\": \"secretvalue", "truncated")]
    [InlineData("{\"a\": 1,", "truncated")]
    [InlineData("[1, 2]", "top level must be an object")]
    [InlineData("\"just a string\"", "top level must be an object")]
    [InlineData("", "empty")]
    [InlineData("{\"a\": 1 /* c */}", "invalid")]
    [InlineData("{\"a\": 1e999}", "out of range")]
    public void Malformed_json_fails_with_exit_2_without_echoing_values(string input, string expected)
    {
        var ex = Assert.Throws<MalformedFileException>(() => _json.ParsePlain(Utf8(input)));
        Assert.Equal(ExitCodes.CouldNotReadInputFile, ex.ExitCode);
        Assert.Contains(expected.Split(' ')[0], ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secretvalue", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("just a string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypted_parse_without_sops_key_fails_with_exit_1()
    {
        var ex = Assert.Throws<MetadataNotFoundException>(() => _json.ParseEncrypted(Utf8("{\"a\": \"b\"}")));
        Assert.Equal(ExitCodes.Generic, ex.ExitCode);
        Assert.Equal("sops metadata not found", ex.Message);
    }

    [Fact]
    public void Nan_float_cannot_be_emitted_exit_4()
    {
        var ex = Assert.Throws<SecretsKitException>(() => _json.EmitPlain(Doc(I("f", new FloatValue(double.NaN)))));
        Assert.Equal(ExitCodes.ErrorDumpingTree, ex.ExitCode);
    }

    [Fact]
    public void Trailing_content_after_the_top_level_object_is_ignored_like_the_go_decoder()
    {
        var tree = _json.ParsePlain(Utf8("{\"a\": \"b\"}\n{\"c\": 1}"));
        Assert.Equal("b", Str(Assert.Single(tree.Branches[0].Items).Value));
    }

    [Fact]
    public void Escapes_decode_like_go_with_lone_surrogates_replaced()
    {
        var tree = _json.ParsePlain(Utf8("{\"k\\u00e9\": \"a\\n\\t\\\"\\/\\ud83d\\ude00|\\ud800x|\\udc00\"}"));
        var item = Assert.Single(tree.Branches[0].Items);
        Assert.Equal("k\u00e9", item.Key);
        Assert.Equal("a\n\t\"/\U0001F600|\uFFFDx|\uFFFD", Str(item.Value));
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_becomes_a_replacement_character_like_go()
    {
        byte[] input = [.. Utf8("{\"k\": \"ab"), 0xFF, .. Utf8("cd\"}")];
        Assert.Equal("ab\uFFFDcd", Str(_json.ParsePlain(input).Branches[0].Get("k")));
    }

    [Fact]
    public void Indent_below_minus_one_is_rejected()
    {
        Assert.Equal(ExitCodes.ErrorDumpingTree, Assert.Throws<SecretsKitException>(() => new JsonFormat(-2)).ExitCode);
    }

    [Theory]
    [InlineData("sops-example.enc.json")]
    [InlineData("sops-examples-all-in-one-secret.enc.json")]
    [InlineData("sops-examples-per-file-static-github.enc.json")]
    [InlineData("sopsnix-secrets.enc.json")]
    [InlineData("sops-example-binary.enc.json")]
    public void Every_json_fixture_is_re_emitted_exactly_apart_from_the_final_newline_of_3_10(string name)
    {
        var input = Read(name);
        var doc = _json.ParseEncrypted(input);
        byte[] expected = input[^1] == (byte)'\n' ? input : [.. input, (byte)'\n'];
        Assert.Equal(FromUtf8(expected), FromUtf8(_json.EmitEncrypted(doc.Tree, doc.Metadata)));
    }
}
