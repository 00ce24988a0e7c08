using SecretsKit.Deploy.Tests.Release;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.State;
using static SecretsKit.Deploy.Tests.Release.Pipeline.ReleaseGraphTests;

namespace SecretsKit.Deploy.Tests.Release.State;

public sealed class PathTemplateTests
{
    private static readonly ReleaseSpec App = R("app", "web");

    [Theory]
    [InlineData("values/{{ .Environment.Name }}.yaml", "values/prod.yaml")]
    [InlineData("{{.Release.Namespace}}/{{ .Release.Name }}/{{- .Environment.Name -}}.yaml", "web/app/prod.yaml")]
    [InlineData("plain/path.yaml", "plain/path.yaml")]
    public void Substitutes_the_three_supported_names(string text, string expected) =>
        Assert.Equal(expected, PathTemplate.Expand(text, "prod", App));

    [Theory]
    [InlineData("values/{{ .Values.x }}.yaml", "unsupported template '{{ .Values.x }}'")]
    [InlineData("values/{{ env \"HOME\" }}.yaml", "unsupported template")]
    [InlineData("values/{{ .Environment.Name .yaml", "unclosed or nested template")]
    public void Anything_else_is_an_error_naming_the_release(string text, string expected)
    {
        var e = Assert.Throws<SecretsKitException>(() => PathTemplate.Expand(text, "prod", App));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("release web/app:", e.Message, StringComparison.Ordinal);
    }
}
