using SecretsKit.Core.Errors;
using SecretsKit.Testing.Common;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release;

/// <summary>
/// Issue #49: the helmfile.yaml files teams have, loaded with helmfile v1.7's rules (pkg/state and docs/): merge keys,
/// release templates, commonLabels, condition, set variants, release identity templates, lock files, sub-helmfiles.
/// </summary>
public sealed class HelmfileStateSchemaTests : IDisposable
{
    private readonly TempDir _dir = new("sk-schema-");
    private readonly List<string> _warnings = [];

    public void Dispose() => _dir.Dispose();

    private async Task<ReleaseFile> Load(string state, string environment = "default", string[]? set = null, string file = "helmfile.yaml.gotmpl")
    {
        _dir.Write(file, state);
        using var loaded = await StateLoading.LoadAsync(_dir.Path, file, environment, set, warnings: _warnings);
        return loaded.File;
    }

    private static ReleaseSpec Release(ReleaseFile file, string name) => file.Releases.Single(r => r.Name == name);

    [Fact]
    public async Task The_release_template_pattern_with_yaml_merge_keys_resolves_as_yaml_v3_does_with_the_releases_own_keys_winning()
    {
        var file = await Load("""
            templates:
              default: &default
                namespace: team
                chart: ./charts/app
                labels: &labels {tier: web, owner: a}
            releases:
              - name: web
                <<: *default
                labels:
                  <<: *labels
                  owner: b
              - name: api
                <<: *default
                chart: ./charts/api
              - name: both
                <<: [{namespace: first}, {namespace: second, version: 1.0.0}]
                chart: c
              - name: quoted
                chart: c
                labels: {"<<": literal}
            """);
        Assert.Equal(("team", "./charts/app"), (Release(file, "web").Namespace, Release(file, "web").Chart));
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "web", ["owner"] = "b" }, Release(file, "web").Labels);
        Assert.Equal(("team", "./charts/api"), (Release(file, "api").Namespace, Release(file, "api").Chart));
        Assert.Equal(("first", "1.0.0"), (Release(file, "both").Namespace, Release(file, "both").Version));
        Assert.Equal("literal", Release(file, "quoted").Labels["<<"]);
    }

    [Fact]
    public async Task Helper_templates_beside_the_state_are_included_in_name_order_as_helmfile_loads_its_underscore_tpl_files()
    {
        // helmfile (pkg/tmpl/context_tmpl.go) parses every _*.tpl of the state's directory, in glob order, before the state
        _dir.Write("_a.tpl", """{{ define "ns" }}from-a{{ end }}{{ define "chart" }}./charts/{{ .name }}{{ end }}""");
        _dir.Write("_b.tpl", """{{ define "ns" }}team-{{ .name }}{{ end }}""");
        _dir.Write("helpers.tpl", """{{ define "chart" }}not-a-helper{{ end }}""");
        var file = await Load("""
            releases:
              - name: web
                namespace: {{ include "ns" (dict "name" "blue") }}
                chart: {{ include "chart" (dict "name" "web") }}
            """);
        Assert.Equal(("team-blue", "./charts/web"), (Release(file, "web").Namespace, Release(file, "web").Chart));
    }

    [Fact]
    public async Task A_merge_key_whose_value_is_not_a_mapping_is_an_error_with_the_line()
    {
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Load("releases:\n  - name: a\n    chart: c\n    <<: nope\n"));
        Assert.Contains("helmfile.yaml.gotmpl:4: not valid YAML: the value of a merge key (<<) must be a mapping or a list of mappings", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inherit_fills_what_the_release_lacks_appends_lists_and_except_drops_fields_as_helmfile_merges_with_mergo()
    {
        _dir.Write("base-secrets.yaml", "x: 1\n");
        var file = await Load("""
            templates:
              base:
                namespace: from-base
                chart: ./charts/base
                labels: {base: "yes", shared: base}
                values: [base.yaml]
                secrets: [base-secrets.yaml]
                missingFileHandler: Warn
              child:
                inherit: [{template: base, except: [secrets]}]
                values: [child.yaml]
                setTemplate: [{name: from, value: child}]
            defaultInherit: base
            releases:
              - name: a
                inherit: [{template: child}]
                namespace: own
                labels: {shared: own, mine: "1"}
                values: [own.yaml]
              - name: b
                chart: ./charts/b
                inherit: [{template: base, except: [labels, values]}]
            """);
        var a = Release(file, "a");
        // defaultInherit's base comes first, then child; a field a template set is not replaced by the release's own
        Assert.Equal(("from-base", "./charts/base"), (a.Namespace, a.Chart));
        Assert.Equal(["base.yaml", "base.yaml", "child.yaml", "own.yaml"], a.ValueEntries.Select(e => e.Path));
        Assert.Equal(["base-secrets.yaml"], a.Secrets);
        Assert.Equal(new Dictionary<string, string> { ["base"] = "yes", ["shared"] = "base", ["mine"] = "1" }, a.Labels);
        Assert.Equal([new SetValue("from", "child")], a.Set);
        var b = Release(file, "b");
        Assert.Equal(("from-base", "./charts/base"), (b.Namespace, b.Chart));
        Assert.Empty(b.Labels);
        Assert.Empty(b.ValueEntries);
    }

    [Theory]
    [InlineData("  - {name: a, chart: c, inherit: [{template: nope}]}\n", "release \"a\" tried to inherit inexistent release template \"nope\"")]
    [InlineData("  - {name: a, chart: c, inherit: [{template: x, except: [chart]}]}\n",
        "\"chart\" is not allowed under `inherit`. Allowed values are \"set\", \"setTemplate\", \"values\", \"valuesTemplate\", \"secrets\", and \"labels\"")]
    [InlineData("  - {name: a, chart: c, inherit: [{template: loop}]}\n", "cyclic inheritance detected: loop->loop2->loop")]
    public async Task Inheritance_errors_are_helmfiles_with_the_line(string release, string expected)
    {
        var state = "templates:\n  x: {namespace: n}\n  loop: {inherit: [{template: loop2}]}\n  loop2: {inherit: [{template: loop}]}\nreleases:\n" + release;
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Load(state));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("helmfile.yaml.gotmpl:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommonLabels_are_added_to_every_release_and_win_over_its_own_as_in_helmfile()
    {
        var file = await Load("commonLabels: {team: payments, tier: common}\nreleases:\n  - {name: a, chart: c, labels: {tier: own}}\n  - {name: b, chart: c}\n");
        Assert.All(file.Releases, r => Assert.Equal("payments", r.Labels["team"]));
        Assert.Equal("common", Release(file, "a").Labels["tier"]);
        Assert.Equal(["a", "b"], file.Releases.Where(ReleaseSelector.Parse(["team=payments"]).Matches).Select(r => r.Name));
        // helmfile HEAD (ecf604d5): ExecuteTemplates (pkg/state/state_exec_tmpl.go:115) writes commonLabels over the
        // release's labels before selectors run, so GetReleasesWithLabels' "release over common" (state.go:3409) sees
        // them already overwritten: a release labelled tier=frontend under commonLabels tier=backend is tier=backend
        var example = await Load("commonLabels: {tier: backend}\nreleases:\n  - {name: api, chart: c}\n  - {name: web, chart: c, labels: {tier: frontend}}\n");
        Assert.Equal(["api", "web"], example.Releases.Where(ReleaseSelector.Parse(["tier=backend"]).Matches).Select(r => r.Name));
        Assert.DoesNotContain(example.Releases, ReleaseSelector.Parse(["tier=frontend"]).Matches);
    }

    [Fact]
    public async Task Condition_enables_on_a_true_enabled_value_and_disables_on_false_missing_or_non_boolean()
    {
        var file = await Load("""
            values:
              - web: {enabled: true}
                db: {enabled: false}
                cache: {}
                queue: {enabled: "true"}
            ---
            releases:
              - {name: web, chart: c, condition: web.enabled}
              - {name: db, chart: c, condition: db.enabled}
              - {name: cache, chart: c, condition: cache.enabled}
              - {name: queue, chart: c, condition: queue.enabled}
              - {name: literal, chart: c, condition: "False"}
              - {name: on, chart: c, condition: "TRUE"}
              - {name: set-on-cli, chart: c, condition: extra.enabled}
            """, set: ["extra.enabled=true"]);
        Assert.Equal(["web", "on", "set-on-cli"], file.Releases.Where(r => r.Enabled).Select(r => r.Name));
        Assert.All(file.Releases, r => Assert.True(r.Installed));
    }

    [Theory]
    [InlineData("web", "condition value must be in the form 'foo.enabled'")]
    [InlineData("nothere.enabled", "environment values field '.nothere' not found")]
    [InlineData("scalar.enabled", "environment values field '.scalar' is not a map")]
    public async Task A_condition_helmfile_cannot_evaluate_is_an_error(string condition, string expected)
    {
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Load($"values: [{{scalar: 1}}]\n---\nreleases:\n  - {{name: a, chart: c, condition: {condition}}}\n"));
        Assert.Contains("release a: failed to parse condition: " + expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_name_may_use_its_labels_and_needs_its_namespace_rendered_until_stable_as_helmfile_does()
    {
        var file = await Load("""
            environments:
              default:
            ---
            templates:
              defaults: &defaults
                name: "{{ .Environment.Name }}-{{`{{ .Release.Labels.service }}`}}"
                namespace: "{{ .Environment.Name }}"
            releases:
              - chart: c
                labels: {service: shared}
                <<: *defaults
              - chart: c
                labels: {service: app}
                <<: *defaults
                needs: ["{{`{{ .Release.Namespace }}`}}-shared"]
            """);
        Assert.Equal(["default-shared", "default-app"], file.Releases.Select(r => r.Name));
        Assert.Equal(["default-shared"], Release(file, "default-app").Needs);
    }

    [Fact]
    public async Task The_lock_file_gives_repository_charts_their_locked_version_matching_the_release_constraint()
    {
        _dir.Write("locks/prod.lock", "version: 0.0.0-dev\ndependencies:\n- {name: raw, repository: 'http://r', version: 0.0.1}\n- {name: raw, repository: 'http://r', version: 1.2.0}\n");
        var file = await Load("""
            repositories: [{name: myrepo, url: "http://localhost:1/"}]
            lockFilePath: locks/prod.lock
            releases:
              - {name: a, chart: myrepo/raw}
              - {name: b, chart: myrepo/raw, version: "^1.0.0"}
              - {name: local, chart: ./raw, version: 9.9.9}
            """);
        Assert.Equal(["0.0.1", "1.2.0", "9.9.9"], file.Releases.Select(r => r.Version));
        _dir.Write("helmfile.lock", "dependencies:\n- {name: other, repository: 'http://r', version: 0.1.0}\n");
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Load("repositories: [{name: myrepo, url: 'http://localhost:1/'}]\nreleases:\n  - {name: a, chart: myrepo/raw}\n"));
        Assert.Contains("no resolved dependency found for \"raw\" in the lock file helmfile.lock", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sub_helmfile_that_defines_other_environments_is_skipped_as_helmfile_skips_it()
    {
        _dir.Write("sub/prod.yaml.gotmpl", "environments:\n  prod:\n---\nreleases:\n  - {name: prod-only, chart: c}\n");
        _dir.Write("sub/any.yaml.gotmpl", "releases:\n  - {name: any, chart: c}\n");
        var file = await Load("environments:\n  test:\n---\nhelmfiles: [sub/prod.yaml.gotmpl, sub/any.yaml.gotmpl]\n", "test");
        Assert.Equal(["any"], file.Releases.Select(r => r.Name));
    }

    [Fact]
    public async Task State_values_set_indexes_lists_element_by_element_and_is_seen_by_environment_templates()
    {
        _dir.Write("env.yaml.gotmpl", "fromCli: {{ .Values.foo }}\n");
        var file = await Load("""
            values:
              - top: {array: [a, b], objects: [{x: 1, y: 1}, {x: 2, y: 2}]}
            environments:
              default:
                values: [env.yaml.gotmpl]
            ---
            releases:
              - name: "{{ .Values.fromCli }}-{{ index .Values.top.array 0 }}-{{ index .Values.top.array 1 }}-{{ (index .Values.top.objects 1).y }}-{{ (index .Values.top.objects 1).x }}"
                chart: c
            """, set: ["foo=cli", "top.array[0]=A", "top.objects[1].y=9"]);
        Assert.Equal("cli-A-b-9-2", file.Releases[0].Name);
    }

    [Fact]
    public async Task A_plain_yaml_state_is_not_rendered_with_HELMFILE_RENDER_YAML_false_as_helmfile_v1_reads_it()
    {
        _dir.Write("helmfile.yaml", "releases:\n  - name: a\n    chart: c\n    labels: {ns: '{{ .Release.Namespace }}'}\n");
        using var raw = await StateLoading.LoadAsync(_dir.Path, "helmfile.yaml", variables: new(StringComparer.Ordinal) { ["HELMFILE_RENDER_YAML"] = "false" });
        Assert.Equal("default", raw.File.Releases[0].Labels["ns"]); // left for the release templates, which know .Release
        _dir.Write("helmfile.yaml", "releases:\n  - name: '{{ .Environment.Name }}'\n    chart: c\n");
        using var rendered = await StateLoading.LoadAsync(_dir.Path, "helmfile.yaml");
        Assert.Equal("default", rendered.File.Releases[0].Name);
    }

    [Fact]
    public async Task Set_entries_become_the_helm_flags_helmfile_passes()
    {
        _dir.Write("ca.pem", "-----CERT-----\n");
        var file = await Load("""
            releases:
              - name: a
                chart: c
                setTemplate: [{name: owner, value: "{{`{{ .Release.Name }}`}}"}]
                set:
                  - {name: image.tag, value: "1,2"}
                  - {name: hosts, values: ["a.example", "b,c", "{x}"]}
                  - {name: tls.ca, file: ca.pem}
                setString:
                  - {name: port, value: "8080"}
                  - {name: ids, values: ["1", "2"]}
            """);
        var target = new ReleaseTarget(file.Releases[0], new ReleaseEnvironment("default", null, [], []), file.Defaults);
        using var inputs = await ReleaseInputs.PrepareAsync(target, _dir.Path, new ReleaseDecryption(null!, Core.Operations.DecryptOptions.Default, null), CancellationToken.None);
        Assert.Equal(["--set", "owner=a", "--set", "image.tag=1\\,2", "--set", "hosts={a.example,b\\,c,\\{x\\}}", "--set-file", "tls.ca=ca.pem",
            "--set-string", "port=8080", "--set-string", "ids={1,2}"], inputs.ValueArgs);
    }

    [Fact]
    public async Task Global_hooks_and_every_helmfile_event_are_read_and_an_unknown_event_names_helmfiles_events()
    {
        var file = await Load("""
            hooks: [{events: [prepare, cleanup], command: echo, args: [global]}]
            releases:
              - name: a
                chart: c
                hooks: [{events: [prepare, preapply, presync, postsync, preuninstall, postuninstall, cleanup], command: "true"}]
            """);
        Assert.Equal(["prepare", "cleanup"], file.Hooks[0].Events);
        Assert.Equal(7, file.Releases[0].Hooks[0].Events.Count);
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Load("releases:\n  - {name: a, chart: c, hooks: [{events: [postapply], command: x}]}\n"));
        Assert.Contains("unknown hook event 'postapply' (helmfile's events: prepare, preapply, presync, postsync, preuninstall, postuninstall, cleanup)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helmfile_UI_only_keys_are_warnings_and_the_chartify_keys_are_refused_naming_the_key()
    {
        await Load("releases:\n  - {name: a, chart: c, trackMode: kubedog, description: x, missingFileHandlerConfig: {ignoreMissingGitBranch: true}}\n");
        Assert.Contains(_warnings, w => w.StartsWith("helmfile.yaml.gotmpl:2: helmfile's key 'trackMode' in release a is ignored", StringComparison.Ordinal));
        foreach (var key in new[] { "jsonPatches", "strategicMergePatches", "transformers" })
        {
            var e = await Assert.ThrowsAsync<SecretsKitException>(() => Load($"releases:\n  - name: a\n    chart: c\n    {key}: []\n"));
            Assert.StartsWith($"helmfile.yaml.gotmpl:4: release a: helmfile's key '{key}' is not supported by secretskit release", e.Message, StringComparison.Ordinal);
            Assert.Contains("chartify and kustomize", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_schema_hint_of_every_state_error_names_a_doc_and_a_section_that_exist()
    {
        var e = Assert.Throws<SecretsKitException>(() => ReleaseFileParser.Parse("releasez: []\n", "r.yaml"));
        Assert.Contains(StateYamlReader.SchemaDocument, e.Hint, StringComparison.Ordinal);
        Assert.Contains(StateYamlReader.SchemaSection, e.Hint, StringComparison.Ordinal);
        var doc = File.ReadAllLines(Path.Combine(SharedFixtures.RepositoryRoot, StateYamlReader.SchemaDocument));
        Assert.Contains("## " + StateYamlReader.SchemaSection, doc);
    }
}
