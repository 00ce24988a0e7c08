using SecretsKit.Agent.Templates;

namespace SecretsKit.Agent.Tests.Templates;

public sealed class TemplateEngineTests
{
    private static readonly Dictionary<string, object?> Data = new(StringComparer.Ordinal) { ["user"] = " Admin ", ["dash-key"] = "d" };

    [Theory]
    [InlineData("{{ .user | trim | lower }}", "admin")]
    [InlineData("{{ index . \"dash-key\" }}", "d")]
    [InlineData("a {{- \" b \" -}} c", "a b c")]
    [InlineData("{{ replace \"A\" \"4\" (.user | trim) }}", "4dmin")]
    [InlineData("{{ printf \"%s=%q\" \"k\" \"v\" }}", "k=\"v\"")]
    [InlineData("{{ \"x\" | b64enc | b64dec }}", "x")]
    [InlineData("{{ if .user }}x{{ end }}", "x")]
    [InlineData("{{ .user | trim | sha256sum }}", "c1c224b03cd9bc7b6a86d77f5dace40191766c485cd55dc48caf9ac873335d6f")]
    [InlineData("{{ dict \"b\" (list 1 2) \"a\" \"yes\" | toYaml }}", "a: \"yes\"\nb:\n- 1\n- 2")]
    [InlineData("{{ (fromYaml \"a: yes\").a }}", "true")]
    [InlineData("{{ index (fromYaml \"on: 1\") \"true\" }}", "1")]
    [InlineData("{{ (fromYaml \"- a\").Error }}", "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}")]
    public void Renders_the_supported_subset(string template, string expected) =>
        Assert.Equal(expected, TemplateEngine.Render(template, Data, "t"));

    [Theory]
    [InlineData("{{ if .user }}x", "template: t:1: unexpected EOF")]
    [InlineData("{{ .user | nope }}", "function \"nope\" not defined")]
    [InlineData("{{ .user ", "unclosed action")]
    [InlineData("{{ .nope }}", "map has no entry for key \"nope\"")]
    [InlineData("{{ expandenv \"$HOME\" }}", "function \"expandenv\" not defined")]
    public void Unsupported_constructs_fail_with_a_clear_message(string template, string message)
    {
        var e = Assert.Throws<TemplateException>(() => TemplateEngine.Render(template, Data, "t"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Admin", e.Message, StringComparison.Ordinal);
    }
}
