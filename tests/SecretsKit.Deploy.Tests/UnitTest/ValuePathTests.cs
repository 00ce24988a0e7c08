using SecretsKit.Deploy.UnitTest.Asserts;
using SecretsKit.Deploy.UnitTest.Values;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Deploy.Tests.UnitTest;

/// <summary>The path forms suites use, <c>set</c> keys, and the unified diff helm-unittest prints.</summary>
public sealed class ValuePathTests
{
    private static readonly object? Doc = TemplateYaml.Read("""
        kind: ClusterRole
        metadata:
          labels: {app.kubernetes.io/name: web, chart: web-1}
        spec:
          containers:
            - name: a
              image: a:1
            - name: b
              image: b:2
        """);

    [Theory]
    [InlineData("metadata.labels[\"app.kubernetes.io/name\"]", "web")]
    [InlineData("metadata.labels['chart']", "web-1")]
    [InlineData("spec.containers[1].image", "b:2")]
    [InlineData("spec.containers[-1].name", "b")]
    [InlineData("spec.containers[?(@.name == \"b\")].image", "b:2")]
    [InlineData("spec.containers[?(@.name=='a')].image", "a:1")]
    [InlineData("$[?(@.kind == \"ClusterRole\")].metadata.labels.chart", "web-1")]
    public void A_path_reaches_its_value(string path, string expected) => Assert.Equal([expected], YamlPath.Find(Doc, path));

    [Fact]
    public void Wildcards_and_missing_keys()
    {
        Assert.Equal(["a:1", "b:2"], YamlPath.Find(Doc, "spec.containers[*].image"));
        Assert.Empty(YamlPath.Find(Doc, "spec.missing.key"));
        Assert.Throws<YamlPathException>(() => YamlPath.Find(Doc, "spec.containers[x]"));
    }

    [Fact]
    public void A_set_key_builds_nested_maps_and_lists()
    {
        var built = SetPath.Build("a.b[1].c", "v");
        Assert.Equal("a:\n  b:\n    - null\n    - c: v\n", TemplateYaml.Write(built, GoYamlDialect.V3));
        Assert.Equal("a:\n  some.key: 1\n", TemplateYaml.Write(SetPath.Build("a.[some.key]", 1L), GoYamlDialect.V3));
        Assert.Throws<YamlPathException>(() => SetPath.Build("a=b", 1L));
    }

    [Fact]
    public void The_diff_is_go_difflibs_with_one_line_of_context()
    {
        Assert.Equal("--- Expected\n+++ Actual\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n", FailInfo.Diff("a\nb\nc\nd\ne\n", "a\nx\nc\nd\ne\n"));
        Assert.Equal("", FailInfo.Diff("same\n", "same\n"));
    }
}
