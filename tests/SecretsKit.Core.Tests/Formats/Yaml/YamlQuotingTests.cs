using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// How yaml.v3 v3.0.4 writes a string value. Two steps decide it: the marshaller (stringv) asks for a literal
/// block if the string has a newline, double quotes if the unquoted text would resolve to something else
/// (number, bool, null, timestamp) or is a YAML 1.1 bool/base-60 float, and plain otherwise; then libyaml's
/// analyze_scalar/select_scalar_style downgrade plain → single quotes → double quotes (and literal → double
/// quotes) when the text contains indicators, leading/trailing spaces, tabs or non-printable characters.
/// </summary>
public sealed class YamlQuotingTests
{
    [Theory]
    // Would resolve to another type, so stringv asks for double quotes (always allowed).
    [InlineData("true", "\"true\"")]
    [InlineData("False", "\"False\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("0o17", "\"0o17\"")]
    [InlineData("1_000", "\"1_000\"")]
    [InlineData("0777", "\"0777\"")]
    [InlineData("09", "\"09\"")] // not octal, but matches yaml.v3's float pattern
    [InlineData("1e5", "\"1e5\"")]
    [InlineData(".5", "\".5\"")]
    [InlineData(".inf", "\".inf\"")]
    [InlineData("+1", "\"+1\"")]
    [InlineData("12345678901234567890", "\"12345678901234567890\"")] // resolves to uint64: still not a string
    [InlineData("null", "\"null\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("", "\"\"")] // empty resolves to null
    [InlineData("2024-01-01", "\"2024-01-01\"")]
    [InlineData("2026-05-22T20:16:23Z", "\"2026-05-22T20:16:23Z\"")]
    // YAML 1.1 leftovers that yaml.v3 still quotes for other parsers.
    [InlineData("yes", "\"yes\"")]
    [InlineData("y", "\"y\"")]
    [InlineData("on", "\"on\"")]
    [InlineData("OFF", "\"OFF\"")]
    [InlineData("No", "\"No\"")]
    [InlineData("1:20", "\"1:20\"")] // base-60 float
    // Strings that resolve to strings: plain unless an indicator or whitespace rule forbids it.
    [InlineData("hello world", "hello world")]
    [InlineData("tRue", "tRue")] // not one of the three spellings
    [InlineData("2006-01-02T15:04:05", "2006-01-02T15:04:05")] // a T time without zone is no timestamp
    [InlineData("a:b", "a:b")] // ':' not followed by a space
    [InlineData("x#y", "x#y")] // '#' not preceded by a space
    [InlineData("?x", "?x")] // '?' only blocks plain when followed by a space
    [InlineData("<<", "<<")] // no resolver hint for '<', so yaml.v3 writes it plain
    [InlineData("héllo wörld", "héllo wörld")]
    [InlineData("日本語", "日本語")]
    [InlineData("ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]", "ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]")]
    // Plain is vetoed, single quotes are fine.
    [InlineData(": x", "': x'")] // ':' + space at the start
    [InlineData("a: b", "'a: b'")] // ': ' inside
    [InlineData("- a", "'- a'")] // '-' + space at the start
    [InlineData("-", "'-'")] // '-' followed by the end
    [InlineData("---", "'---'")] // document marker
    [InlineData("#c", "'#c'")] // comment indicator first
    [InlineData("x # y", "'x # y'")] // ' #' inside
    [InlineData("@x", "'@x'")] // reserved indicator
    [InlineData("*alias", "'*alias'")]
    [InlineData(" lead", "' lead'")] // leading space
    [InlineData("trail ", "'trail '")] // trailing space
    [InlineData("'q'", "'''q'''")] // quote first; single quotes doubled inside
    [InlineData("\"dq\"", "'\"dq\"'")]
    // Single quotes are vetoed too: tabs and non-printable characters need escapes.
    [InlineData("a\tb", "\"a\\tb\"")]
    [InlineData("a\u0001b", "\"a\\x01b\"")]
    [InlineData("bell\u0007", "\"bell\\a\"")]
    [InlineData("nel\u0085x", "\"nel\\Nx\"")]
    [InlineData("😀", "\"\\U0001F600\"")] // yaml.v3's is_printable rejects 4-byte UTF-8
    [InlineData("\uFEFFbom", "\"\\uFEFFbom\"")]
    public void Single_line_strings_get_the_yaml_v3_style(string value, string expected)
    {
        Assert.Equal($"k: {expected}\n", Emit(value));
    }

    [Theory]
    [InlineData("multi\nline", "k: |-\n    multi\n    line\n")] // no final newline: strip chomping
    [InlineData("multi\nline\n", "k: |\n    multi\n    line\n")] // one final newline: clip
    [InlineData("multi\nline\n\n", "k: |+\n    multi\n    line\n\n")] // more: keep
    [InlineData("a\n\nb", "k: |-\n    a\n\n    b\n")] // empty lines carry no indentation
    [InlineData(" lead\nx", "k: |4-\n     lead\n    x\n")] // leading space needs an indentation hint
    [InlineData("with trailing space \nx", "k: \"with trailing space \\nx\"\n")] // space before a break vetoes block
    [InlineData("x\n y ", "k: \"x\\n y \"\n")] // trailing space vetoes block
    [InlineData("tab\tin\nblock", "k: |-\n    tab\tin\n    block\n")] // tabs are fine in a block
    [InlineData("ctl\u0001\nx", "k: \"ctl\\x01\\nx\"\n")] // non-printable vetoes block
    public void Multi_line_strings_use_literal_blocks_unless_libyaml_vetoes_them(string value, string expected)
    {
        Assert.Equal(expected, Emit(value));
    }

    [Theory]
    [InlineData("plain", "plain: v\n")]
    [InlineData("true", "\"true\": v\n")]
    [InlineData("a: b", "'a: b': v\n")]
    [InlineData("", "\"\": v\n")]
    [InlineData("two\nlines", "? |-\n    two\n    lines\n: v\n")] // multi-line keys cannot be simple keys
    public void Keys_follow_the_same_rules_in_simple_key_context(string key, string expected)
    {
        var tree = new SopsTree([new TreeBranch([new TreeItem(key, new StringValue("v"))])]);
        Assert.Equal(expected, Encoding.UTF8.GetString(new YamlFormat().EmitPlain(tree)));
    }

    [Fact]
    public void Every_emitted_string_reads_back_as_the_same_string()
    {
        string[] samples =
        [
            "true", "yes", "1.5", "0x1F", "null", "~", "2024-01-01", ": x", "- a", "#c", " lead", "trail ", "a: b",
            "multi\nline", "multi\nline\n", "with trailing space \nx", "", "'q'", "\"dq\"", "日本語", "a\tb",
            "a\u0001b", "😀", "1:20", "<<", "x # y", "multi\nline\n\n", " lead\nx",
        ];
        var format = new YamlFormat();
        var tree = new SopsTree([new TreeBranch(samples.Select((s, i) => new TreeItem("k" + i, new StringValue(s))).ToList())]);

        var back = format.ParsePlain(format.EmitPlain(tree));

        Assert.Equal(tree, back);
    }

    private static string Emit(string value)
    {
        var tree = new SopsTree([new TreeBranch([new TreeItem("k", new StringValue(value))])]);
        return Encoding.UTF8.GetString(new YamlFormat().EmitPlain(tree));
    }
}
