using SecretsKit.Deploy.Charts;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.Charts;

/// <summary>
/// <see cref="HelmIgnore"/> against the real helm 3.10.1: a chart whose every template prints itself, with a
/// <c>.helmignore</c> of base-name, path, rooted, folder-only, class, range, escape and negated rules; the templates
/// <c>helm template</c> prints are exactly those the rules keep. Plus the rules helm refuses.
/// </summary>
public sealed class HelmIgnoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sk-helmignore-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly string[] Templates =
    [
        "templates/a.yaml", "templates/b.yaml", "templates/keep.yaml", "templates/x1.yaml", "templates/x9.yaml", "templates/xz.yaml",
        "templates/star*.yaml", "templates/.hidden.yaml", "templates/sub/c.yaml", "templates/sub/deep/d.yaml", "templates/snap/e.yaml",
        "templates/only-file/f.yaml", "templates/other/g.yaml", "templates/other/skip.yaml",
    ];

    [Theory]
    [InlineData("a.yaml\n# a comment\n\ntemplates/sub/deep\n/templates/x[0-5].yaml\nsnap/\ntemplates/star\\*.yaml\nskip.y?ml\n")]
    [InlineData("templates/[!x]*.yaml\n")]
    [InlineData("templates/[^ab]*.yaml\n")]
    [InlineData("only-file\ntemplates/other/*\n")]
    public async Task The_templates_helm_prints_are_those_the_rules_keep(string rules)
    {
        var chart = Path.Combine(_root, "c");
        Directory.CreateDirectory(chart);
        File.WriteAllText(Path.Combine(chart, "Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\n");
        File.WriteAllText(Path.Combine(chart, ".helmignore"), rules);
        foreach (var t in Templates)
        {
            var path = Path.Combine(chart, t);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "kind: ConfigMap\n");
        }
        using var helm = new RealHelm();
        var r = await helm.RunAsync(["template", "r", chart]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var printed = r.StdoutText.Split('\n').Where(l => l.StartsWith("# Source: c/", StringComparison.Ordinal)).Select(l => l["# Source: c/".Length..]).Order(StringComparer.Ordinal);

        var ignore = HelmIgnore.ForChart(chart);
        Assert.Equal(printed, Templates.Where(t => !ignore.IgnoresFile(t)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("templates/**/x.yaml", "double-star (**) syntax is not supported")]
    [InlineData("templates/[a", "syntax error in pattern")]
    [InlineData("templates/[]a]", "syntax error in pattern")]
    [InlineData("templates/x\\", "syntax error in pattern")]
    public void Rules_helm_refuses_are_refused_in_its_words(string rule, string message)
    {
        File.WriteAllText(Path.Combine(_root, ".helmignore"), rule + "\n");
        Assert.Equal(message, Assert.Throws<ChartIgnoreException>(() => HelmIgnore.ForChart(_root)).Message);
    }
}
