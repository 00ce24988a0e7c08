using SecretsKit.Deploy.Tests.Release;
using SecretsKit.Core.Age;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release;
using SecretsKit.Templates.Syntax;
using SecretsKit.Testing.Common;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release.State;

/// <summary>helmfile states: discovery, two-pass rendering, environments, bases, helmfiles, release templates, missing files.</summary>
public sealed class StateLoaderTests : IDisposable
{
    private static readonly string Example = Path.Combine(SharedFixtures.RepositoryRoot, "examples", "helmfile");
    private readonly TempDir _dir = new("sk-state-");
    private readonly List<string> _warnings = [];
    private readonly List<string> _infos = [];

    public void Dispose() => _dir.Dispose();

    private StateLoadOptions Options(string env, string cwd, Dictionary<string, string>? vars = null, string[]? set = null)
    {
        var variables = new Dictionary<string, string>(vars ?? [], StringComparer.Ordinal)
        {
            ["SOPS_AGE_KEY_FILE"] = SharedFixtures.AllExampleKeys, // the demo key and each example environment's
        };
        var environment = new MapEnvironment(variables, Path.GetTempPath(), cwd);
        var keys = new KeySourceContext(environment, SystemProcessRunner.Instance, TimeProvider.System);
        var engine = new SopsEngine(new KeySourceRegistry().Register(new AgeKeySource(keys)), TimeProvider.System);
        return new StateLoadOptions(env, set ?? [], [], false, environment, SystemProcessRunner.Instance, new ReleaseDecryption(engine, DecryptOptions.Default, null))
        {
            Warn = _warnings.Add,
            Info = _infos.Add,
        };
    }

    private Task<LoadedState> Load(string env, string? cwd = null, Dictionary<string, string>? vars = null, string[]? set = null)
    {
        cwd ??= _dir.Path;
        return StateLoader.LoadAsync(StateFileDiscovery.Find(cwd, null), Options(env, cwd, vars, set), CancellationToken.None);
    }

    [Fact]
    public void Discovery_takes_secretskit_release_first_then_helmfile_yaml_or_gotmpl_or_helmfile_d_as_helmfile_does()
    {
        _dir.Write("helmfile.d/20-b.yaml", "");
        _dir.Write("helmfile.d/10-a.yaml.gotmpl", "");
        _dir.Write("helmfile.d/15-c.yml.gotmpl", "");
        _dir.Write("helmfile.d/30-d.yml", "");
        _dir.Write("helmfile.d/notes.txt", "");
        _dir.Write("helmfile.d/values.yaml.tpl", "");
        string[] inDirectory = [_dir.File("helmfile.d/10-a.yaml.gotmpl"), _dir.File("helmfile.d/15-c.yml.gotmpl"), _dir.File("helmfile.d/20-b.yaml"), _dir.File("helmfile.d/30-d.yml")];
        Assert.Equal(inDirectory, StateFileDiscovery.Find(_dir.Path, null));
        Assert.Equal(inDirectory, StateFileDiscovery.Find(_dir.Path, "helmfile.d"));

        _dir.Write("helmfile.yaml.gotmpl", "");
        var beside = Assert.Throws<SecretsKitException>(() => StateFileDiscovery.Find(_dir.Path, null));
        Assert.Contains("both helmfile.yaml.gotmpl and helmfile.d/ exist", beside.Message, StringComparison.Ordinal);
        Directory.Delete(_dir.File("helmfile.d"), recursive: true);
        Assert.Equal([_dir.File("helmfile.yaml.gotmpl")], StateFileDiscovery.Find(_dir.Path, null));

        _dir.Write("helmfile.yaml", "");
        var both = Assert.Throws<SecretsKitException>(() => StateFileDiscovery.Find(_dir.Path, null));
        Assert.Contains("both helmfile.yaml and helmfile.yaml.gotmpl exist", both.Message, StringComparison.Ordinal);
        File.Delete(_dir.File("helmfile.yaml.gotmpl"));
        Assert.Equal([_dir.File("helmfile.yaml")], StateFileDiscovery.Find(_dir.Path, null));

        _dir.Write("secretskit-release.yaml", "");
        Assert.Equal([_dir.File("secretskit-release.yaml")], StateFileDiscovery.Find(_dir.Path, null));
        Assert.Contains("does not exist", Assert.Throws<SecretsKitException>(() => StateFileDiscovery.Find(_dir.Path, "nope.yaml")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.yaml", true)]
    [InlineData("a.yml", true)]
    [InlineData("a.yaml.gotmpl", true)]
    [InlineData("a.yml.gotmpl", true)]
    [InlineData(".sops.yaml", true)]
    [InlineData(".yml", true)]
    [InlineData("a.y.html", true)] // Go's *.y*ml matches it too
    [InlineData("a.json", false)]
    [InlineData("a.yaml.tpl", false)]
    [InlineData("a.gotmpl", false)]
    [InlineData("yaml", false)]
    [InlineData("a.yml.gotmpl.bak", false)]
    public void A_state_file_name_is_what_gos_globs_star_dot_y_star_ml_and_its_gotmpl_form_match(string name, bool matches) =>
        Assert.Equal(matches, StateFileDiscovery.IsStateFileName(name));

    [Fact]
    public async Task The_example_loads_per_environment_with_secrets_decrypted_into_state_values_and_never_into_paths()
    {
        using (var staging = await Load("staging", Example))
        {
            Assert.Equal(["api", "worker"], staging.File.Releases.Select(r => r.Name));
            Assert.All(staging.File.Releases, r => Assert.Equal("shop-staging", r.Namespace));
            Assert.True(staging.File.Releases[1].Installed);
            Assert.Equal(["shop-staging/api"], staging.File.Releases[1].Needs);
            Assert.Equal("staging", staging.File.Environments["staging"].KubeContext);
            Assert.Equal(2L, ((IReadOnlyDictionary<string, object?>)staging.Values["api"]!)["replicas"]);
            Assert.Contains("demo-staging-db-password-1bee", staging.File.SensitiveValues);
            var api = staging.File.Releases[0];
            var rendered = File.ReadAllText(api.Values[0]);
            Assert.Contains("DB_PASSWORD: \"demo-staging-db-password-1bee\"", rendered, StringComparison.Ordinal);
            Assert.Equal("replicas: 2\n", File.ReadAllText(api.Values[1]));
            Assert.StartsWith(staging.PrivateDirectory!, api.Values[0], StringComparison.Ordinal);
            Assert.Equal(new SetValue("image.tag", "1.27-alpine"), api.Set[0]);
            var build = StateReports.Build(staging);
            Assert.DoesNotContain("demo-staging", build, StringComparison.Ordinal);
            Assert.Contains("password: '[redacted]'", build, StringComparison.Ordinal);
        }
        using var dev = await Load("dev", Example, set: ["api.replicas=7"]);
        Assert.False(dev.File.Releases.Single(r => r.Name == "worker").Installed);
        Assert.Equal("replicas: 7\n", File.ReadAllText(dev.File.Releases[0].Values[1]));
    }

    [Fact]
    public async Task The_private_directory_of_rendered_values_is_removed_on_dispose()
    {
        var state = await Load("prod", Example);
        var dir = state.PrivateDirectory!;
        Assert.True(Directory.Exists(dir));
        state.Dispose();
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Environment_values_render_the_releases_in_the_second_pass()
    {
        _dir.Write("env/prod.yaml", "enabled: false\nns: payments\n");
        _dir.Write("helmfile.yaml", """
            environments:
              prod:
                values: [env/prod.yaml, {extra: x}]
            ---
            releases:
              - name: app-{{ .Values.extra }}
                namespace: {{ .Values.ns }}
                chart: ./c
                installed: {{ .Values.enabled }}
              - name: b
                chart: ./c
                condition: feature.enabled
            """);
        _dir.Write("env/prod.yaml", "enabled: false\nns: payments\nfeature: {}\n");
        using var state = await Load("prod");
        Assert.Equal(("app-x", "payments", false), (state.File.Releases[0].Name, state.File.Releases[0].Namespace, state.File.Releases[0].Installed));
        // helmfile: a condition whose 'enabled' is missing disables the release (it is left out, not uninstalled)
        Assert.False(state.File.Releases[1].Enabled);
        Assert.True(state.File.Releases[1].Installed);
    }

    [Fact]
    public async Task A_missing_state_value_is_an_error_naming_file_line_and_column()
    {
        _dir.Write("helmfile.yaml", "environments:\n  prod:\n---\nreleases:\n  - name: a\n    chart: {{ .Values.chart.name }}\n");
        var e = await Assert.ThrowsAsync<GoTemplateException>(() => Load("prod"));
        Assert.Equal("template: helmfile.yaml:6:21: executing \"helmfile.yaml\" at <.Values.chart.name>: map has no entry for key \"chart\"", e.Message);
    }

    [Fact]
    public async Task RequiredEnv_is_read_from_the_process_environment_and_its_absence_is_helmfiles_error()
    {
        _dir.Write("helmfile.yaml", "releases:\n  - name: a\n    chart: c\n    namespace: {{ requiredEnv \"TEAM_NS\" }}\n");
        using (var ok = await Load("default", vars: new() { ["TEAM_NS"] = "team" })) Assert.Equal("team", ok.File.Releases[0].Namespace);
        var e = await Assert.ThrowsAsync<GoTemplateException>(() => Load("default"));
        Assert.Contains(": executing \"helmfile.yaml\" at <requiredEnv \"TEAM_NS\">: error calling requiredEnv: required env var `TEAM_NS` is not set", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.StartsWith("template: helmfile.yaml:4:18:", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public async Task RequiredEnv_in_an_environments_values_is_reported_by_the_second_pass_not_as_a_parse_error_of_the_raw_yaml()
    {
        // the raw line `domain: {{ … }}.{{ … }}` is not YAML: pass one cannot fall back on it, and its own error is the real one
        _dir.Write("helmfile.yaml", "environments:\n  staging:\n    values:\n      - domain: {{ requiredEnv \"CLUSTER_DOMAIN\" }}.{{ .Environment.Name }}\n---\nreleases:\n  - {name: a, chart: c, namespace: \"{{ .Values.domain }}\"}\n");
        var e = await Assert.ThrowsAsync<GoTemplateException>(() => Load("staging"));
        Assert.StartsWith("template: helmfile.yaml:4:", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("executing \"helmfile.yaml\" at <requiredEnv \"CLUSTER_DOMAIN\">: error calling requiredEnv: required env var `CLUSTER_DOMAIN` is not set", e.Message, StringComparison.Ordinal);
        using var ok = await Load("staging", vars: new() { ["CLUSTER_DOMAIN"] = "example.org" });
        Assert.Equal("example.org.staging", ok.File.Releases[0].Namespace);
    }

    [Theory]
    [InlineData("environments:\n  {{ requiredEnv \"STAGE\" }}:\n    values: [{region: eu}]\n")]
    [InlineData("environments:\n  '{{ requiredEnv \"STAGE\" }}':\n    values: [{region: eu}]\n")]
    public async Task An_environment_named_by_requiredEnv_names_the_unset_variable_with_file_and_line(string environments)
    {
        _dir.Write("helmfile.yaml", environments + "---\nreleases:\n  - {name: a, chart: c}\n");
        var e = await Assert.ThrowsAsync<GoTemplateException>(() => Load("staging"));
        Assert.StartsWith("template: helmfile.yaml:2:", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("error calling requiredEnv: required env var `STAGE` is not set", e.Message, StringComparison.Ordinal);
        using var ok = await Load("staging", vars: new() { ["STAGE"] = "staging" });
        Assert.Equal("a", ok.File.Releases[0].Name);
    }

    [Fact]
    public async Task Helmfile_d_files_load_as_one_state_whose_needs_cross_files_and_order_the_run()
    {
        _dir.Write("helmfile.d/10-app.yaml", "releases:\n  - {name: app, namespace: shop, chart: c, needs: [shop/db]}\n");
        _dir.Write("helmfile.d/20-db.yaml", "releases:\n  - {name: db, namespace: shop, chart: c}\n");
        using var state = await Load("default");
        Assert.Equal(["app", "db"], state.File.Releases.Select(r => r.Name));
        var levels = ReleaseGraph.Levels(state.File.Releases, state.File.Releases.ToList());
        Assert.Equal([["db"], ["app"]], levels.Select(l => l.Select(r => r.Name).ToArray()));
    }

    [Fact]
    public async Task An_undefined_environment_is_an_error_listing_the_defined_ones()
    {
        _dir.Write("helmfile.yaml", "environments:\n  dev:\n  prod:\n");
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Load("qa"));
        Assert.Equal("environment \"qa\" is not defined in helmfile.yaml", e.Message);
        Assert.Equal("defined: dev, prod", e.Hint);
    }

    [Theory]
    [InlineData("Error")]
    [InlineData("Warn")]
    [InlineData("Info")]
    [InlineData("Debug")]
    public async Task A_missing_values_file_follows_missingFileHandler(string mode)
    {
        _dir.Write("helmfile.yaml", $"releases:\n  - name: a\n    chart: c\n    missingFileHandler: {mode}\n    values: [there.yaml, gone.yaml]\n");
        _dir.Write("there.yaml", "a: 1\n");
        if (mode == "Error")
        {
            var e = await Assert.ThrowsAsync<SecretsKitException>(() => Load("default"));
            Assert.Equal("helmfile.yaml: release default/a: values file gone.yaml does not exist", e.Message);
            return;
        }
        using var state = await Load("default");
        Assert.Equal(["there.yaml"], state.File.Releases[0].Values);
        Assert.Equal(mode == "Warn" ? 1 : 0, _warnings.Count(w => w.Contains("gone.yaml", StringComparison.Ordinal)));
        Assert.Equal(mode == "Warn" ? 0 : 1, _infos.Count(w => w.Contains("gone.yaml", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Bases_layer_under_the_file_and_helmfiles_add_selected_releases_with_their_values()
    {
        _dir.Write("base.yaml", "environments:\n  prod:\n    values: [{region: eu}]\nhelmDefaults: {timeout: 60}\nreleases:\n  - {name: from-base, chart: c}\n");
        _dir.Write("sub/helmfile.yaml", "releases:\n  - name: s1-{{ .Values.region }}-{{ .Values.team }}\n    chart: ./local\n    labels: {keep: \"yes\"}\n    values: [v.yaml]\n  - {name: s2, chart: c}\n");
        _dir.Write("sub/v.yaml", "x: 1\n");
        _dir.Write("helmfile.yaml", "bases: [base.yaml]\nhelmfiles:\n  - path: sub/helmfile.yaml\n    selectors: [keep=yes]\n    values: [{team: core}, {region: \"{{ .Values.region }}\"}]\nreleases:\n  - {name: own, chart: c, timeout: 5}\n");
        using var state = await Load("prod");
        // helmfile visits sub-helmfiles before the state's own releases (its include-template-func case records this order)
        Assert.Equal(["s1-eu-core", "from-base", "own"], state.File.Releases.Select(r => r.Name));
        Assert.Equal(60, state.File.Defaults.Timeout);
        Assert.Equal(5, state.File.Releases[2].Settings!.Timeout);
        var sub = state.File.Releases[0];
        Assert.Equal(_dir.File("sub/local"), sub.Chart);
        Assert.Equal([_dir.File("sub/v.yaml")], sub.Values);
    }

    [Fact]
    public async Task Unknown_fields_are_warned_about_and_release_templates_render_with_the_release()
    {
        _dir.Write("helmfile.yaml", """
            releases:
              - name: web
                namespace: shop
                chart: c
                force: true
                values: ["{{`{{ .Release.Namespace }}/{{ .Release.Name }}.yaml`}}"]
                setString: [{name: port, value: "8080"}]
                hooks:
                  - events: [presync]
                    command: echo
                    args: ["{{`{{ .Release.Name }}`}}"]
            """);
        _dir.Write("shop/web.yaml", "a: 1\n");
        using var state = await Load("default");
        Assert.Contains(_warnings, w => w.StartsWith("helmfile.yaml:5: helmfile's key 'force' in release web is ignored by secretskit release", StringComparison.Ordinal));
        var r = state.File.Releases[0];
        Assert.Equal(["shop/web.yaml"], r.Values);
        Assert.True(r.Set[0].IsString);
        // hooks are rendered when their event fires (with .Event and .HelmfileCommand), not when the state loads
        Assert.Equal(["{{ .Release.Name }}"], r.Hooks[0].Args);
    }
}
