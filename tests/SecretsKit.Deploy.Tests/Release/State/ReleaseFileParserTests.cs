using SecretsKit.Deploy.Tests.Release;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release.State;

public sealed class ReleaseFileParserTests
{
    private const string Full = """
        environments:
          dev:     {kubeContext: kind-dev, values: [env/dev.yaml], secrets: [env/dev/secrets.yaml]}
          prod:    {kubeContext: prod, values: [env/prod.yaml], secrets: [env/prod/secrets.yaml]}
        helmDefaults: {atomic: false, wait: true, timeout: 120, historyMax: 5, createNamespace: false, cleanupOnFail: true, kubeContext: fallback}
        releases:
          - name: app
            namespace: web
            chart: ./charts/pipeline-app
            version: 0.1.0
            labels: {tier: web}
            installed: true
            needs: [web/db]
            values: [values/common.yaml, "values/{{ .Environment.Name }}.yaml"]
            secrets: ["secrets/{{ .Environment.Name }}/secrets.yaml"]
            set: [{name: image.tag, value: "1.2.3"}]
          - name: db
            namespace: web
            chart: bitnami/postgresql
            installed: false
        """;

    [Fact]
    public void Parses_every_field_of_the_documented_schema()
    {
        var file = ReleaseFileParser.Parse(Full, "/x/secretskit-release.yaml");
        Assert.Equal("/x", file.BaseDirectory);
        Assert.Equal(["dev", "prod"], file.Environments.Keys.Order(StringComparer.Ordinal));
        var dev = file.Environments["dev"];
        Assert.Equal("kind-dev", dev.KubeContext);
        Assert.Equal(["env/dev.yaml"], dev.Values);
        Assert.Equal(["env/dev/secrets.yaml"], dev.Secrets);
        Assert.Equal(new HelmDefaults(false, true, 120, 5, false, true, "fallback"), file.Defaults);
        var app = file.Releases[0];
        Assert.Equal(("app", "web", "./charts/pipeline-app", "0.1.0"), (app.Name, app.Namespace, app.Chart, app.Version));
        Assert.Equal("web", app.Labels["tier"]);
        Assert.True(app.Installed);
        Assert.Equal(["web/db"], app.Needs);
        Assert.Equal(["values/common.yaml", "values/{{ .Environment.Name }}.yaml"], app.Values);
        Assert.Equal(["secrets/{{ .Environment.Name }}/secrets.yaml"], app.Secrets);
        Assert.Equal([new SetValue("image.tag", "1.2.3")], app.Set);
        Assert.Equal(6, app.Line);
        var db = file.Releases[1];
        Assert.False(db.Installed);
        Assert.Null(db.Version);
        Assert.Empty(db.Values);
    }

    [Fact]
    public void Defaults_follow_helmfile_when_helmDefaults_and_namespace_are_absent()
    {
        var file = ReleaseFileParser.Parse("environments: {dev: }\nreleases:\n  - {name: a, chart: c}\n", "r.yaml");
        Assert.Equal(new HelmDefaults(Atomic: true, Wait: true, Timeout: 300, HistoryMax: 10, CreateNamespace: true, CleanupOnFail: false), file.Defaults);
        Assert.Equal("default", file.Releases[0].Namespace);
        Assert.True(file.Releases[0].Installed);
        Assert.Null(file.Environments["dev"].KubeContext);
    }

    [Theory]
    [InlineData("releases:\n  - name: a\n    chart: c\n    force: true\n", "r.yaml:4: helmfile's key 'force' in release a is ignored by secretskit release")]
    [InlineData("helmDefaults:\n  atomic: true\n  force: true\n", "r.yaml:3: helmfile's key 'force' in helmDefaults is ignored by secretskit release")]
    [InlineData("releases:\n  - name: a\n    chart: c\n    trackMode: kubedog\n", "r.yaml:4: helmfile's key 'trackMode' in release a is ignored")]
    [InlineData("repositories:\n  - {name: r, url: 'https://charts.example', password: x}\n", "r.yaml:2: helmfile's key 'password' in a repository is ignored")]
    [InlineData("kustomizeBinary: /bin/kustomize\n", "r.yaml:1: helmfile's key 'kustomizeBinary' in the top level is ignored")]
    [InlineData("releases:\n  - name: a\n    chart: c\n    hooks:\n      - {name: h, events: [prepare], command: 'true'}\n", "r.yaml:5: helmfile's key 'name' in release a hook is ignored")]
    public void Helmfile_keys_that_change_nothing_deployed_are_warnings_naming_the_key_and_line(string yaml, string expected)
    {
        var file = ReleaseFileParser.Parse(yaml, "r.yaml");
        Assert.Single(file.Warnings);
        Assert.StartsWith(expected, file.Warnings[0], StringComparison.Ordinal);
    }

    /// <summary>helmfile's state decoder rejects unknown fields in every section (KnownFields), not only in releases.</summary>
    [Theory]
    [InlineData("releasez: []\n", "r.yaml:1: unknown key 'releasez' in the top level: did you mean 'releases'?")]
    [InlineData("environments:\n  dev:\n    kubecontext: x\n", "r.yaml:3: unknown key 'kubecontext' in environments.dev: did you mean 'kubeContext'?")]
    [InlineData("environments:\n  dev:\n    secret: [s.yaml]\n", "r.yaml:3: unknown key 'secret' in environments.dev: did you mean 'secrets'?")]
    [InlineData("helmDefaults:\n  atomc: true\n", "r.yaml:2: unknown key 'atomc' in helmDefaults: did you mean 'atomic'?")]
    [InlineData("repositories:\n  - {name: r, uri: 'https://charts.example'}\n", "r.yaml:2: unknown key 'uri' in a repository: did you mean 'url'?")]
    [InlineData("helmfiles:\n  - {path: a.yaml, selector: [x=y]}\n", "r.yaml:2: unknown key 'selector' in a helmfiles entry: did you mean 'selectors'?")]
    [InlineData("releases:\n  - name: a\n    chart: c\n    set:\n      - {name: x, value: y, type: z}\n", "r.yaml:5: unknown key 'type' in release a set entry")]
    [InlineData("releases:\n  - name: a\n    chart: c\n    hooks:\n      - {events: [prepare], comand: 'true'}\n", "r.yaml:5: unknown key 'comand' in release a hook: did you mean 'command'?")]
    [InlineData("helmDefaults:\n  args: [--debug]\n", "r.yaml:2: helmDefaults: helmfile's key 'args' is not supported by secretskit release (it changes what is deployed)")]
    [InlineData("helmBinary: /opt/helm4\n", "r.yaml:1: the top level: helmfile's key 'helmBinary' is not supported by secretskit release (it changes what is deployed); set HELM_BIN")]
    [InlineData("namespace: x\n", "r.yaml:1: the top level: helmfile's key 'namespace' is not supported")]
    [InlineData("missingFileHandlerConfig: {ignoreMissingGitBranches: true}\n", "r.yaml:1: unknown key 'ignoreMissingGitBranches' in missingFileHandlerConfig: did you mean 'ignoreMissingGitBranch'?")]
    [InlineData("environments:\n  dev:\n    mergeStrategy: fallback\n", "r.yaml:3: environments.dev: helmfile's key 'mergeStrategy' is not supported")]
    [InlineData("releases:\n  - name: a\n    chart: c\n    set:\n      - {name: x, valuez: [a]}\n", "r.yaml:5: unknown key 'valuez' in release a set entry: did you mean 'value'?")]
    [InlineData("releases:\n  - name: a\n    chart: c\n    inherit:\n      - {template: t, excep: [labels]}\n", "r.yaml:5: unknown key 'excep' in release a inherit entry: did you mean 'except'?")]
    public void An_unknown_key_in_any_section_is_an_error_naming_file_line_key_and_section(string yaml, string expected)
    {
        var e = Assert.Throws<SecretsKitException>(() => ReleaseFileParser.Parse(yaml, "r.yaml"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        if (!expected.Contains("did you mean", StringComparison.Ordinal)) Assert.DoesNotContain("did you mean", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Top_level_apiVersions_and_kubeVersion_reach_helm_template_as_helmfile_passes_them()
    {
        var file = ReleaseFileParser.Parse("kubeVersion: v1.30.0\napiVersions: [monitoring.coreos.com/v1, example.com/v2]\nreleases:\n  - {name: a, chart: c}\n", "r.yaml");
        var target = new ReleaseTarget(file.Releases[0], new ReleaseEnvironment("default", null, [], []), file.Defaults);
        Assert.Empty(file.Warnings);
        Assert.Equal(
            ["template", "a", "c", "-n", "default", "--include-crds", "--api-versions", "monitoring.coreos.com/v1", "--api-versions", "example.com/v2",
             "--kube-version", "v1.30.0", "-f", "v.yaml"],
            HelmCommandLines.Template(target, ["-f", "v.yaml"], file.KubeVersion, file.ApiVersions));
    }

    [Theory]
    [InlineData("    neeeds: [b]\n", "r.yaml:4: unknown key 'neeeds' in release a: did you mean 'needs'?")]
    [InlineData("    valuez: [x]\n", "r.yaml:4: unknown key 'valuez' in release a: did you mean 'values'?")]
    [InlineData("    instaled: false\n", "r.yaml:4: unknown key 'instaled' in release a: did you mean 'installed'?")]
    [InlineData("    nonsense: 1\n", "r.yaml:4: unknown key 'nonsense' in release a")]
    [InlineData("    strategicMergePatches: []\n", "r.yaml:4: release a: helmfile's key 'strategicMergePatches' is not supported by secretskit release (it changes what is deployed)")]
    public void An_unknown_release_key_is_an_error_naming_file_line_key_and_release_with_the_closest_known_key(string line, string expected)
    {
        var e = Assert.Throws<SecretsKitException>(() => ReleaseFileParser.Parse("releases:\n  - name: a\n    chart: c\n" + line + "  - {name: b, chart: c}\n", "r.yaml"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        if (!expected.Contains("did you mean", StringComparison.Ordinal)) Assert.DoesNotContain("did you mean", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("helmDefaults: {timeout: soon}\n", "r.yaml:1: timeout must be a whole number")]
    [InlineData("helmDefaults: {atomic: maybe}\n", "r.yaml:1: atomic must be true or false")]
    [InlineData("releases: {a: b}\n", "r.yaml:1: releases must be a list")]
    [InlineData("releases:\n  - chart: c\n", "r.yaml:2: a release needs a name")]
    [InlineData("releases:\n  - name: a\n", "r.yaml:2: release a needs a chart")]
    [InlineData("releases:\n  - {name: a, chart: c, values: x.yaml}\n", "r.yaml:2: values must be a list")]
    [InlineData("releases:\n  - {name: a, chart: c}\n  - {name: a, chart: d}\n", "r.yaml:3: release default/a is defined twice (first at line 2)")]
    [InlineData("releases: [\n", "r.yaml:")]
    public void Wrong_shapes_are_errors_with_the_line(string yaml, string expected)
    {
        var e = Assert.Throws<SecretsKitException>(() => ReleaseFileParser.Parse(yaml, "r.yaml"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_release_file_parses()
    {
        var path = Path.Combine(Testing.Common.SharedFixtures.RepositoryRoot, "examples", "pipeline", ReleaseFileParser.DefaultFileName);
        var file = ReleaseFileParser.Load(path);
        Assert.Equal(["dev", "prod", "staging"], file.Environments.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["backend", "frontend", "legacy-worker"], file.Releases.Select(r => r.Name));
        Assert.Equal(["shop/backend"], file.Releases[1].Needs);
    }

    [Fact]
    public void A_missing_file_is_an_error_with_a_hint()
    {
        var e = Assert.Throws<SecretsKitException>(() => ReleaseFileParser.Load("/nonexistent/secretskit-release.yaml"));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("--file", e.Hint, StringComparison.Ordinal);
    }
}
