using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats.Yaml;

public sealed class YamlFixtureRoundTripTests
{
    private readonly YamlFormat _format = new();

    [Theory]
    [InlineData("ft-format.enc.yaml")] // 3.13.1: sorted metadata, pgp enc |-
    [InlineData("sops-example.enc.yaml")] // 3.10.2: nested maps, lists, nested foot comments, two pgp keys
    [InlineData("sopsnix-secrets.enc.yaml")] // 3.7.1 (yaml.v3 era): age enc |, empty lists as []
    public void Encrypted_fixture_written_by_yaml_v3_round_trips_byte_for_byte(string name)
    {
        var original = YamlFixtures.Bytes(name);

        var doc = _format.ParseEncrypted(original);
        var emitted = _format.EmitEncrypted(doc.Tree, doc.Metadata);

        Assert.Equal(Encoding.UTF8.GetString(original), Encoding.UTF8.GetString(emitted));
    }

    [Fact]
    public void Sops_example_keeps_nested_comments_in_their_branches()
    {
        var doc = _format.ParseEncrypted(YamlFixtures.Bytes("sops-example.enc.yaml"));
        var branch = doc.Tree.Branches.Single();

        var db = (TreeBranch)((TreeBranch)branch.Get("app2")!).Get("db")!;
        Assert.Equal(["user", "password", null], db.Items.Select(i => i.Key));
        Assert.StartsWith("ENC[AES256_GCM,", ((CommentValue)db.Items[2].Value).Text, StringComparison.Ordinal);

        var nested = (TreeBranch)((TreeBranch)((TreeBranch)((TreeBranch)branch.Get("this")!).Get("is")!).Get("a")!).Get("nested")!;
        Assert.Equal(4, nested.Items.Count);
        Assert.Equal(3, nested.Items.Count(i => i.IsComment));
        Assert.Null(branch.Get("sops"));
        Assert.Equal(new StringValue("3.10.2"), doc.Metadata.Get("version"));
    }

    [Fact]
    public void Multiple_keys_fixture_from_yaml_v2_era_is_rewritten_in_yaml_v3_style()
    {
        // 3.3.1 wrote "-   created_at" sequences and single-quoted timestamps (yaml.v2). sops 3.13 re-emits the
        // same tree with "- " at the next indent level, item keys two columns further, and double quotes.
        var doc = _format.ParseEncrypted(YamlFixtures.Bytes("ft-multiple-keys.enc.yaml"));
        var text = Encoding.UTF8.GetString(_format.EmitEncrypted(doc.Tree, doc.Metadata));

        var expected = YamlFixtures.Text("ft-multiple-keys.enc.yaml")
            .Replace("'2019-08-29T22:22:04Z'", "\"2019-08-29T22:22:04Z\"", StringComparison.Ordinal)
            .Replace("\n    -   created_at", "\n        - created_at", StringComparison.Ordinal)
            .Replace("\n        enc: ", "\n          enc: ", StringComparison.Ordinal)
            .Replace("\n        fp: ", "\n          fp: ", StringComparison.Ordinal);
        Assert.Equal(expected, text);
        Assert.Contains("\n    kms: []\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_fixture_from_yaml_v2_era_is_rewritten_in_yaml_v3_style()
    {
        var doc = _format.ParseEncrypted(YamlFixtures.Bytes("ft-comments.enc.yaml"));
        var text = Encoding.UTF8.GetString(_format.EmitEncrypted(doc.Tree, doc.Metadata));

        var expected = YamlFixtures.Text("ft-comments.enc.yaml")
            .Replace("'2020-10-07T15:49:13Z'", "\"2020-10-07T15:49:13Z\"", StringComparison.Ordinal)
            .Replace("'2019-08-29T21:52:32Z'", "\"2019-08-29T21:52:32Z\"", StringComparison.Ordinal)
            .Replace("\n    -   created_at", "\n        - created_at", StringComparison.Ordinal)
            .Replace("\n        enc: ", "\n          enc: ", StringComparison.Ordinal)
            .Replace("\n        fp: ", "\n          fp: ", StringComparison.Ordinal);
        Assert.Equal(expected, text);
        Assert.StartsWith("#ENC[AES256_GCM,data:IYA+", text, StringComparison.Ordinal);
        var first = doc.Tree.Branches[0].Items[0];
        Assert.True(first.IsComment);
    }

    [Theory]
    [InlineData("ft-format.enc.yaml")]
    [InlineData("sops-example.enc.yaml")]
    [InlineData("sopsnix-secrets.enc.yaml")]
    [InlineData("ft-multiple-keys.enc.yaml")]
    [InlineData("ft-comments.enc.yaml")]
    [InlineData("ft-comments-unencrypted-comments.enc.yaml")]
    [InlineData("ft-no-mac.enc.yaml")]
    [InlineData("SYNTHETIC-shamir-2of2-age.enc.yaml")]
    public void Every_yaml_fixture_parses_and_its_re_emission_is_a_fixed_point(string name)
    {
        var first = _format.ParseEncrypted(YamlFixtures.Bytes(name));
        var emitted = _format.EmitEncrypted(first.Tree, first.Metadata);

        var second = _format.ParseEncrypted(emitted);

        Assert.Equal(first.Tree, second.Tree);
        Assert.Equal(first.Metadata, second.Metadata);
        Assert.Equal(emitted, _format.EmitEncrypted(second.Tree, second.Metadata));
    }

    [Fact]
    public void Plaintext_comments_of_old_files_stay_in_place()
    {
        var doc = _format.ParseEncrypted(YamlFixtures.Bytes("ft-comments-unencrypted-comments.enc.yaml"));

        Assert.Equal(
            [TreeItem.Comment(" first comment in file"), "lorem", TreeItem.Comment(" this-is-a-comment"), "dolor"],
            doc.Tree.Branches[0].Items.Select(i => i.IsComment ? (object)i : i.Key!));
    }
}
