using System.Text;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// What yaml.v3 v3.0.4 (sops 3.13.2) refuses before building a node, found by the YAML format's
/// <see cref="IFormat.SopsRefusal"/>: characters outside YAML's printable set and a <c>%YAML</c> version but 1.1.
/// </summary>
public sealed class YamlSopsRefusalsTests
{
    private static readonly IFormat Yaml = FormatRegistry.Create("yaml");

    [Theory]
    [InlineData("a: 1\n\0", "U+0000 on line 2")]
    [InlineData("a: 1\nb: x\u0001\n", "U+0001 on line 2")]
    [InlineData("a: x\u0080\n", "U+0080 on line 1")]
    [InlineData("a: x\u009f\n", "U+009F on line 1")]
    [InlineData("a: x\uffff\n", "U+FFFF on line 1")]
    [InlineData("a: x\ufffe\n", "U+FFFE on line 1")]
    [InlineData("%YAML 1.2\n---\na: 1\n", "'%YAML 1.2' on line 1")]
    [InlineData("%YAML 1.1\n---\na: 1\n...\n%YAML 2.0\n---\nb: 2\n", "'%YAML 2.0' on line 5")]
    [InlineData("a: 1\n\u0002\n%YAML 1.2\n", "U+0002 on line 2")]
    public void Input_yaml_v3_refuses_is_named_by_line_and_code_point(string text, string expected)
    {
        var refusal = Yaml.SopsRefusal(Encoding.UTF8.GetBytes(text));

        Assert.NotNull(refusal);
        Assert.Contains(expected, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: 1\n")]
    [InlineData("\ufeffa: \"tab\there\"\r\nb: \u00e9\u0085\u00a0\u00a9 \ufffd \U0001F600\n")]
    [InlineData("%YAML 1.1\n---\na: 1\n")]
    [InlineData("%YAML 1.01\n---\na: 1\n")]
    [InlineData("a: |\n  %YAML 1.2 inside a block scalar\n")]
    [InlineData("")]
    public void Input_yaml_v3_reads_raises_nothing(string text) =>
        Assert.Null(Yaml.SopsRefusal(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Other_formats_raise_nothing() =>
        Assert.Null(FormatRegistry.Create("json").SopsRefusal("{\"a\": 1}\0"u8));
}
