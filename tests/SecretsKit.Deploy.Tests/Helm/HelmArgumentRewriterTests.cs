using SecretsKit.Deploy.Helm;

namespace SecretsKit.Deploy.Tests.Helm;

public sealed class HelmArgumentRewriterTests
{
    private static string? Map(string spec) => spec switch
    {
        "s.yaml" => "/tmp/x/1-s.yaml",
        "a,b.yaml" => "/tmp/x/2-a,b.yaml",
        "?gone.yaml" => null,
        _ => spec,
    };

    [Theory]
    [InlineData(new[] { "upgrade", "r", "c", "-f", "s.yaml" }, new[] { "upgrade", "r", "c", "-f", "/tmp/x/1-s.yaml" })]
    [InlineData(new[] { "upgrade", "--values", "s.yaml" }, new[] { "upgrade", "--values", "/tmp/x/1-s.yaml" })]
    [InlineData(new[] { "upgrade", "--values=s.yaml" }, new[] { "upgrade", "--values=/tmp/x/1-s.yaml" })]
    [InlineData(new[] { "upgrade", "-fs.yaml" }, new[] { "upgrade", "-f/tmp/x/1-s.yaml" })]
    [InlineData(new[] { "upgrade", "-f=s.yaml" }, new[] { "upgrade", "-f=/tmp/x/1-s.yaml" })]
    [InlineData(new[] { "upgrade", "-f", "p.yaml,s.yaml" }, new[] { "upgrade", "-f", "p.yaml,/tmp/x/1-s.yaml" })]
    [InlineData(new[] { "upgrade", "-f", "a\\,b.yaml,p\\,q.yaml" }, new[] { "upgrade", "-f", "/tmp/x/2-a\\,b.yaml,p\\,q.yaml" })]
    [InlineData(new[] { "upgrade", "--set-file", "cert=s.yaml,key=p.pem" }, new[] { "upgrade", "--set-file", "cert=/tmp/x/1-s.yaml,key=p.pem" })]
    [InlineData(new[] { "upgrade", "--set-file=k=s.yaml" }, new[] { "upgrade", "--set-file=k=/tmp/x/1-s.yaml" })]
    [InlineData(new[] { "upgrade", "-f", "?gone.yaml", "--wait" }, new[] { "upgrade", "--wait" })]
    [InlineData(new[] { "upgrade", "-f", "?gone.yaml,s.yaml" }, new[] { "upgrade", "-f", "/tmp/x/1-s.yaml" })]
    [InlineData(new[] { "upgrade", "--set", "a=s.yaml", "--force", "--", "-f", "s.yaml" }, new[] { "upgrade", "--set", "a=s.yaml", "--force", "--", "-f", "s.yaml" })]
    [InlineData(new[] { "diff", "upgrade", "--detailed-exitcode", "-f" }, new[] { "diff", "upgrade", "--detailed-exitcode", "-f" })]
    public void Rewrite_replaces_only_value_file_items(string[] input, string[] expected)
    {
        Assert.Equal(expected, HelmArgumentRewriter.Rewrite(input, Map));
    }

    [Fact]
    public void Rewrite_leaves_every_other_argument_byte_identical()
    {
        var args = new[] { "install", "my rel", "./chart", "--set", "x=\u00e9,y=\\,z", "--namespace=ns", "-n", "ns", "--fake-flag", "-fx" };
        var output = HelmArgumentRewriter.Rewrite(args, s => s);
        Assert.Equal(args, output);
    }

    [Fact]
    public void ValueFiles_lists_every_form_unescaped_in_order()
    {
        var args = new[] { "template", "-f", "a.yaml,b\\,c.yaml", "--values=d.yaml", "-fe.yaml", "--set-file", "k=f.txt", "-f=?g.yaml", "--values", "secrets://h.yaml" };
        Assert.Equal(new[] { "a.yaml", "b,c.yaml", "d.yaml", "e.yaml", "f.txt", "?g.yaml", "secrets://h.yaml" }, HelmArgumentRewriter.ValueFiles(args));
    }

    [Theory]
    [InlineData("s.yaml", "s.yaml", false, false)]
    [InlineData("?s.yaml", "s.yaml", true, false)]
    [InlineData("secrets://s.yaml", "s.yaml", false, false)]
    [InlineData("?secrets://s.yaml", "s.yaml", true, false)]
    [InlineData("secrets://?s.yaml", "s.yaml", true, false)]
    [InlineData("https://example.com/v.yaml", "https://example.com/v.yaml", false, true)]
    public void ValueFileSpec_parses_prefixes(string text, string path, bool optional, bool remote)
    {
        var spec = ValueFileSpec.Parse(text);
        Assert.Equal((path, optional, remote), (spec.Path, spec.Optional, spec.Remote));
    }
}
