using SecretsKit.Deploy.Tests.UnitTest;
using SecretsKit.Deploy.UnitTest.Rendering;
using SecretsKit.Deploy.UnitTest.Running;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.UnitTest.Rendering;

/// <summary>
/// <c>.Release.Revision</c> renders as helm-unittest v1.1.0 renders it (its <c>ReleaseOptions.Revision</c> is the
/// suite's or test's <c>release.revision</c>, Go's zero when none is set), where <c>helm template</c> alone always says 1:
/// through the real helm 3.10.1 and 4.1.4, in a template, a helper and arithmetic; the field in a string or a comment is
/// left as it is.
/// </summary>
public sealed class ReleaseRevisionTests : IDisposable
{
    private readonly UnitTestChart _chart = new();

    public void Dispose() => _chart.Dispose();

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Release_revision_is_0_unless_the_suite_or_test_sets_it(string version)
    {
        _chart.Write("templates/_rev.tpl", "{{- define \"app.rev\" -}}r{{ .Release.Revision }}{{- end -}}\n");
        _chart.Write("templates/revision.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: rev
              annotations:
                literal: {{ "keeps .Release.Revision" | quote }}
            data:
              plain: {{ .Release.Revision | quote }}
              root: {{ $.Release.Revision | quote }}
              sum: {{ add .Release.Revision 1 | quote }}
              {{- /* .Release.Revision in a comment */}}
              helper: {{ include "app.rev" . | quote }}
            """);
        _chart.Write("tests/revision_test.yaml", """
            suite: revision
            templates: [revision.yaml]
            tests:
              - it: is 0 when nothing sets it
                asserts:
                  - equal: {path: data.plain, value: "0"}
                  - equal: {path: data.root, value: "0"}
                  - equal: {path: data.sum, value: "1"}
                  - equal: {path: data.helper, value: r0}
                  - equal: {path: metadata.annotations.literal, value: keeps .Release.Revision}
              - it: is the test's revision
                release: {revision: 7}
                asserts:
                  - equal: {path: data.plain, value: "7"}
                  - equal: {path: data.sum, value: "8"}
                  - equal: {path: data.helper, value: r7}
            """);
        _chart.Write("tests/suite_revision_test.yaml", """
            suite: suite revision
            templates: [revision.yaml]
            release: {revision: 3}
            tests:
              - it: inherits the suite's revision
                asserts:
                  - equal: {path: data.plain, value: "3"}
              - it: overrides it
                release: {revision: 9}
                asserts:
                  - equal: {path: data.root, value: "9"}
            """);
        using var helm = new RealHelm(version: version);
        var (result, text) = await _chart.RunAsync(new UnitTestOptions(helm.HelmPath));
        Assert.True(result.Passed, text);
        Assert.Contains("Tests:       4 passed, 4 total", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a {{ .Release.Revision }} b", "a {{ 5 }} b")]
    [InlineData("{{-.Release.Revision|add 1}}{{$.Release.Revision}}", "{{-5|add 1}}{{5}}")]
    [InlineData("{{ printf \"%d .Release.Revision\" .Release.Revision }}", "{{ printf \"%d .Release.Revision\" 5 }}")]
    [InlineData("{{ `.Release.Revision` }}{{/* .Release.Revision */}}", "{{ `.Release.Revision` }}{{/* .Release.Revision */}}")]
    [InlineData("{{ $x.Release.Revision }}{{ .Release.RevisionX }}{{ .Values.Release.Revision }}", "{{ $x.Release.Revision }}{{ .Release.RevisionX }}{{ .Values.Release.Revision }}")]
    [InlineData("text .Release.Revision {{ (.Release.Revision) }}", "text .Release.Revision {{ (5) }}")]
    [InlineData("{{ \"}}\" }} {{ .Release.Revision", "{{ \"}}\" }} {{ 5")]
    public void Only_the_field_in_an_action_is_rewritten(string template, string expected) =>
        Assert.Equal(expected, ReleaseRevision.Rewrite(template, 5));
}
