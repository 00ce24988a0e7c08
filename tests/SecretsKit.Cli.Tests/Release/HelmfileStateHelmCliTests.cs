using System.Text.Json;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// Issue #49 through the real CLI and the real helm 3.10.1: what helmfile v1.7 documents for each state feature is what
/// helm renders. A local chart puts the values it got (as JSON) and its capabilities into a ConfigMap per release.
/// </summary>
public sealed class HelmfileStateHelmCliTests : IDisposable
{
    private const string Chart = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}
          namespace: {{ .Release.Namespace }}
        data:
          values: {{ toJson .Values | quote }}
          kube: {{ .Capabilities.KubeVersion.Version | quote }}
          api: {{ .Capabilities.APIVersions.Has "example.com/v1" | quote }}
        """;

    private readonly TempDir _dir = new("sk-hf-helm-");
    private readonly RealHelm _helm = new();

    public HelmfileStateHelmCliTests()
    {
        _dir.Write("chart/Chart.yaml", "apiVersion: v2\nname: echo\nversion: 0.1.0\n");
        _dir.Write("chart/templates/cm.yaml", Chart);
    }

    public void Dispose()
    {
        _helm.Dispose();
        _dir.Dispose();
    }

    private async Task<ProcessRun.Result> Release(string state, params string[] args)
    {
        _dir.Write("helmfile.yaml.gotmpl", state);
        var env = _helm.Environment();
        env["HELM_BIN"] = RealHelm.Path;
        return await CliRunner.RunAsync(["release", .. args], env, cwd: _dir.Path);
    }

    /// <summary><c>release template</c>: each rendered ConfigMap by name, with the values helm got.</summary>
    private async Task<Dictionary<string, (JsonElement Values, string Kube, string Api)>> Template(string state, params string[] args)
    {
        var r = await Release(state, ["template", "--skip-deps", .. args]);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");
        var result = new Dictionary<string, (JsonElement, string, string)>(StringComparer.Ordinal);
        foreach (var doc in r.StdoutText.Split("\n---", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = doc.Split('\n');
            string Field(string key) => lines.Single(l => l.StartsWith("  " + key + ": ", StringComparison.Ordinal))[(key.Length + 4)..];
            if (!lines.Any(l => l.StartsWith("kind: ConfigMap", StringComparison.Ordinal))) continue;
            var name = Field("name");
            result[name] = (JsonDocument.Parse(Unquote(Field("values"))).RootElement.Clone(), Unquote(Field("kube")), Unquote(Field("api")));
        }
        return result;
    }

    /// <summary>helm's <c>quote</c> of a string, read back (a JSON string literal).</summary>
    private static string Unquote(string quoted)
    {
        using var doc = JsonDocument.Parse(quoted);
        return doc.RootElement.GetString()!;
    }

    [Fact]
    public async Task Merge_keys_templates_inherit_except_commonLabels_and_condition_render_what_helmfile_renders()
    {
        var rendered = await Template("""
            values:
              - web: {enabled: true}
                db: {enabled: false}
            ---
            commonLabels: {team: shop}
            templates:
              base: &base
                chart: ./chart
                namespace: shop
                values: [{from: base, replicas: 1}]
              extra:
                inherit: [{template: base, except: [values]}]
                values: [{from: extra}]
            releases:
              - name: web
                <<: *base
                condition: web.enabled
                values: [{replicas: 3}]
              - name: db
                <<: *base
                condition: db.enabled
              - name: worker
                inherit: [{template: extra}]
            """, "-l", "team=shop");
        Assert.Equal(["web", "worker"], rendered.Keys.Order(StringComparer.Ordinal));
        // the merge key copies base's values list; the release's own values: replaces it (YAML: the written key wins)
        Assert.Equal(3, rendered["web"].Values.GetProperty("replicas").GetInt32());
        Assert.False(rendered["web"].Values.TryGetProperty("from", out _));
        Assert.Equal("extra", rendered["worker"].Values.GetProperty("from").GetString());
        Assert.False(rendered["worker"].Values.TryGetProperty("replicas", out _));
    }

    [Fact]
    public async Task Set_setString_values_lists_and_files_reach_helm_as_helmfile_passes_them()
    {
        _dir.Write("ca.pem", "CERT-LINE\n");
        var rendered = await Template("""
            releases:
              - name: app
                chart: ./chart
                set:
                  - {name: tag, value: "1,2"}
                  - {name: hosts, values: [a.example, b.example]}
                  - {name: ca, file: ca.pem}
                setString:
                  - {name: port, value: "8080"}
                  - {name: ids, values: ["1", "2"]}
            """);
        var v = rendered["app"].Values;
        Assert.Equal("1,2", v.GetProperty("tag").GetString());
        Assert.Equal(["a.example", "b.example"], v.GetProperty("hosts").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("CERT-LINE\n", v.GetProperty("ca").GetString());
        Assert.Equal(JsonValueKind.String, v.GetProperty("port").ValueKind);
        Assert.Equal(["1", "2"], v.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ValuesTemplate_and_setTemplate_are_rendered_per_release_and_come_before_values_and_set()
    {
        var rendered = await Template("""
            releases:
              - name: app
                chart: ./chart
                labels: {tier: web}
                valuesTemplate: [{who: "{{`{{ .Release.Name }}`}}", tier: "{{`{{ .Release.Labels.tier }}`}}", order: template}]
                values: [{order: values}]
                setTemplate: [{name: ns, value: "{{`{{ .Release.Namespace }}`}}"}, {name: order2, value: template}]
                set: [{name: order2, value: set}]
            """);
        var v = rendered["app"].Values;
        Assert.Equal(("app", "web", "values"), (v.GetProperty("who").GetString(), v.GetProperty("tier").GetString(), v.GetProperty("order").GetString()));
        Assert.Equal(("default", "set"), (v.GetProperty("ns").GetString(), v.GetProperty("order2").GetString()));
    }

    [Fact]
    public async Task ApiVersions_and_kubeVersion_of_the_state_or_of_a_release_set_helms_capabilities()
    {
        var rendered = await Template("""
            kubeVersion: v1.29.0
            releases:
              - {name: plain, chart: ./chart}
              - {name: own, chart: ./chart, kubeVersion: v1.31.2, apiVersions: [example.com/v1]}
            """);
        Assert.Equal(("v1.29.0", "false"), (rendered["plain"].Kube, rendered["plain"].Api));
        Assert.Equal(("v1.31.2", "true"), (rendered["own"].Kube, rendered["own"].Api));
    }

    [Fact]
    public async Task PostRenderer_and_its_args_from_helmDefaults_or_the_release_run_on_helms_output()
    {
        var script = _dir.Write("add-cm.sh", "#!/bin/sh\ncat\nprintf -- '---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: added-%s\\ndata:\\n  values: \"{}\"\\n  kube: \"\"\\n  api: \"\"\\n' \"$1\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var rendered = await Template("""
            helmDefaults:
              postRenderer: ./add-cm.sh
              postRendererArgs: ["{{`{{ .Release.Name }}`}}"]
            releases:
              - {name: a, chart: ./chart}
              - {name: b, chart: ./chart, postRendererArgs: [own]}
            """);
        Assert.Equal(["a", "added-a", "added-own", "b"], rendered.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Global_prepare_and_cleanup_hooks_run_once_around_the_run()
    {
        var rendered = await Template("""
            hooks:
              - {events: [prepare], command: sh, args: [-c, "echo prepare >> hooks.log"]}
              - {events: [cleanup], command: sh, args: [-c, "echo cleanup >> hooks.log"]}
            releases:
              - {name: a, chart: ./chart}
              - {name: b, chart: ./chart}
            """);
        Assert.Equal(2, rendered.Count);
        Assert.Equal("prepare\ncleanup\n", File.ReadAllText(_dir.File("hooks.log")));
    }

    [Fact]
    public async Task The_anchors_snapshot_of_helmfile_lists_as_helmfile_lists_it()
    {
        var r = await Release("""
            templates:
              default_release: &default_release
                namespace: "myNamespace"
              default_labels:
                labels: &default_labels
                  project: "myProject"
            releases:
              - name: "release1"
                << : *default_release
                labels:
                  <<: *default_labels
                  app: "myapp"
                chart: "test"
            """, "list");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"release1\s+myNamespace\s+true\s+true\s+app:myapp,chart:test,name:release1,namespace:myNamespace,project:myProject\s+test", r.StdoutText);
    }

    [Fact]
    public async Task CreateNamespace_and_postRenderer_reach_helm_upgrade_as_helmfile_passes_them()
    {
        using var fake = new FakeHelm();
        _dir.Write("helmfile.yaml.gotmpl", """
            helmDefaults: {createNamespace: false, postRenderer: ./pr.sh}
            releases:
              - {name: a, chart: ./chart, namespace: one}
              - {name: b, chart: ./chart, namespace: two, createNamespace: true, postRendererArgs: [x]}
            """);
        var r = await CliRunner.RunAsync(["release", "sync", "--skip-validate", "--skip-deps", "--no-lock"], fake.Environment(stateful: true), cwd: _dir.Path);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stderr}");
        var upgrades = fake.Invocations.Where(i => i.Args[0] == "upgrade").ToDictionary(i => i.Args[2], i => i.Args);
        Assert.DoesNotContain("--create-namespace", upgrades["a"]);
        Assert.Contains("--create-namespace", upgrades["b"]);
        Assert.Equal(["--post-renderer", "./pr.sh"], upgrades["a"].SkipWhile(a => a != "--post-renderer").Take(2));
        Assert.DoesNotContain("--post-renderer-args", upgrades["a"]);
        Assert.Equal(["--post-renderer", "./pr.sh", "--post-renderer-args", "x"], upgrades["b"].SkipWhile(a => a != "--post-renderer").Take(4));
    }
}
