using SecretsKit.Core.Formats.Ini;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Formats.FormatFixtures;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;

namespace SecretsKit.Core.Tests.Formats.Ini;

/// <summary>go-ini <c>WriteTo</c> quoting and alignment, and that what it writes reads back unchanged.</summary>
public sealed class IniWriterTests
{
    private readonly IniFormat _ini = new();

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("has;semicolon", "`has;semicolon`")]
    [InlineData("has#hash", "`has#hash`")]
    [InlineData("two\nlines", "\"\"\"two\nlines\"\"\"")]
    [InlineData("back`tick", "\"\"\"back`tick\"\"\"")]
    [InlineData(" leading", "\" leading\"")]
    [InlineData("trailing\t", "\"trailing\t\"")]
    [InlineData("", "")]
    [InlineData("a = b : c", "a = b : c")]
    [InlineData("'quoted'", "'quoted'")]
    public void Values_are_quoted_like_go_ini(string value, string expected) =>
        Assert.Equal(expected, IniWriter.QuoteValue(value));

    [Theory]
    [InlineData("has;semicolon")]
    [InlineData("two\nlines")]
    [InlineData("back`tick")]
    [InlineData(" leading and trailing ")]
    [InlineData("a = b : c")]
    [InlineData("ünïcödé ✓")]
    public void Quoted_values_read_back_unchanged(string value)
    {
        var bytes = _ini.EmitPlain(Doc(I("s", Map(I("k", value)))));
        Assert.Equal(value, Str(Map(_ini.ParsePlain(bytes).Branches[0].Get("s")).Get("k")));
    }

    [Fact]
    public void Keys_are_aligned_to_the_longest_key_per_section_and_quoted_when_needed()
    {
        var tree = Doc(
            I("one", Map(I("a", "1"), I("longer_key", "2"), I("k=v", "3"), I("tick`", "4"))),
            I("two", Map(I("x", "5"))));
        Assert.Equal(
            "[one]\na           = 1\nlonger_key  = 2\n`k=v`       = 3\n\"\"\"tick`\"\"\" = 4\n\n[two]\nx = 5\n",
            FromUtf8(_ini.EmitPlain(tree)));
    }

    [Fact]
    public void Comments_are_written_before_their_section_and_key()
    {
        var tree = Doc(I("s", Map(
            TreeItem.Comment("section note"),
            I("a", "1"),
            TreeItem.Comment("about a"),
            I("b", "2"),
            TreeItem.Comment("# hashed"))));
        Assert.Equal("; section note\n[s]\n; about a\na = 1\n# hashed\nb = 2\n", FromUtf8(_ini.EmitPlain(tree)));
    }

    [Fact]
    public void Default_keys_are_written_without_a_header_and_top_level_comments_are_dropped()
    {
        var tree = Doc(TreeItem.Comment("dropped"), I("DEFAULT", Map(I("g", "1"))), I("s", Map(I("k", "v"))));
        Assert.Equal("g = 1\n\n[s]\nk = v\n", FromUtf8(_ini.EmitPlain(tree)));
    }

    [Fact]
    public void Metadata_section_is_last_with_escaped_newlines_and_aligned_flattened_keys()
    {
        var metadata = Map(
            I("lastmodified", "2026-05-22T20:15:58Z"),
            I("pgp", new Sequence([Map(I("created_at", "2026-05-22T20:15:53Z"), I("enc", "A\n\nB"), I("fp", "FP"))])),
            I("version", "3.13.2"));
        Assert.Equal(
            "[foo]\nbar = ENC[x]\n\n[sops]\n" +
            "lastmodified                = 2026-05-22T20:15:58Z\n" +
            "pgp__list_0__map_created_at = 2026-05-22T20:15:53Z\n" +
            "pgp__list_0__map_enc        = A\\n\\nB\n" +
            "pgp__list_0__map_fp         = FP\n" +
            "version                     = 3.13.2\n",
            FromUtf8(_ini.EmitEncrypted(Doc(I("foo", Map(I("bar", "ENC[x]")))), metadata)));
    }

    [Fact]
    public void An_empty_default_section_writes_only_its_comment_with_no_blank_line_after_it()
    {
        var tree = Doc(I("DEFAULT", Map(TreeItem.Comment("orphan"))), I("s", Map(I("k", "v"))));
        Assert.Equal("; orphan\n[s]\nk = v\n", FromUtf8(_ini.EmitPlain(tree)));
    }
}
