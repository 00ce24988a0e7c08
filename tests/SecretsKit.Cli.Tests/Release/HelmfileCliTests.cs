using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary><c>secretskit release</c> running examples/helmfile as written, with helmfile's verbs and flags, against a stateful fake helm.</summary>
public sealed class HelmfileCliTests
{
    private static void AssertOk(ProcessRun.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");

    private static void AssertNoSecret(ProcessRun.Result r)
    {
        foreach (var secret in HelmfileSandbox.StagingSecrets)
        {
            Assert.DoesNotContain(secret, r.StdoutText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, r.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Lint_diff_apply_test_destroy_run_the_example_in_needs_order_with_the_decrypted_values()
    {
        using var box = new HelmfileSandbox();
        var lint = await box.RunAsync("-f", "helmfile.yaml", "-e", "staging", "lint");
        AssertOk(lint);
        Assert.Equal(2, box.Helm.Calls.Count(c => c.StartsWith("lint ", StringComparison.Ordinal)));

        var diff = await box.RunAsync("diff", "-e", "staging", "--detailed-exitcode");
        Assert.Equal(2, diff.ExitCode);
        AssertNoSecret(diff);
        Assert.Contains("=== shop-staging/api (staging) not installed yet", diff.StdoutText, StringComparison.Ordinal);

        var apply = await box.RunAsync("-e", "staging", "apply");
        AssertOk(apply);
        AssertNoSecret(apply);
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
        var calls = box.Helm.Calls.ToList();
        Assert.True(calls.IndexOf("test shop-staging/api") < calls.IndexOf("upgrade shop-staging/worker"), string.Join("\n", calls));
        Assert.Contains(box.Helm.Invocations, i => i.Args.Contains("--kube-context") && i.Args.Contains("staging"));
        Assert.Contains(box.Helm.Invocations, i => i.ValueContents.Any(c => c?.Contains(HelmfileSandbox.StagingSecrets[0], StringComparison.Ordinal) == true));

        AssertOk(await box.RunAsync("test", "-e", "staging"));
        Assert.Equal(2, box.Helm.Calls.Count(c => c == "test shop-staging/api"));

        var destroy = await box.RunAsync("-e", "staging", "destroy");
        AssertOk(destroy);
        var order = box.Helm.Calls.Where(c => c.StartsWith("uninstall ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["uninstall shop-staging/worker", "uninstall shop-staging/api"], order);
        Assert.Null(box.Helm.Revision("shop-staging", "api"));
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task List_without_an_environment_names_the_one_it_ran_for_and_how_to_name_another()
    {
        using var box = new HelmfileSandbox();

        var list = await box.RunAsync("list");

        Assert.Equal(1, list.ExitCode);
        Assert.Contains("secretskit: hint: no environment was named, so this ran for 'default': name one with -e ENV (or HELMFILE_ENVIRONMENT)", list.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, list.Stderr.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task In_dev_the_worker_is_not_installed_and_list_show_dag_and_build_need_no_helm()
    {
        using var box = new HelmfileSandbox();
        var apply = await box.RunAsync("apply", "-e", "dev");
        AssertOk(apply);
        Assert.Equal(["upgrade shop-dev/api"], box.Upgrades);
        Assert.Matches(@"worker\s+shop-dev\s+uninstall\s+not installed", apply.Stderr);
        var before = box.Helm.Calls.Count;

        var list = await box.RunAsync("list", "-e", "dev");
        AssertOk(list);
        Assert.Matches(@"worker\s+shop-dev\s+true\s+false\s+chart:web,name:worker,namespace:shop-dev,tier:worker\s+\./charts/web", list.StdoutText);
        var dag = await box.RunAsync("show-dag", "-e", "staging");
        Assert.Matches(@"1\s+shop-staging/api\s*\n2\s+shop-staging/worker\s+shop-staging/api", dag.StdoutText);
        var build = await box.RunAsync("build", "-e", "staging");
        AssertOk(build);
        AssertNoSecret(build);
        Assert.Contains("password: '[redacted]'", build.StdoutText, StringComparison.Ordinal);
        Assert.Equal(before, box.Helm.Calls.Count);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Sync_upgrades_every_release_between_its_presync_and_postsync_hooks_with_flags_after_the_verb()
    {
        using var box = new HelmfileSandbox();
        box.Edit("helmfile.yaml", "    labels:\n      tier: api\n", """
                labels:
                  tier: api
                hooks:
                  - events: [presync]
                    command: sh
                    args: ["-c", "echo pre-{{`{{ .Release.Name }}`}} >> \"$FAKE_HELM_STATE/calls.log\""]
                  - events: [postsync]
                    command: sh
                    args: ["-c", "echo post-{{`{{ .Release.Name }}`}} >> \"$FAKE_HELM_STATE/calls.log\""]

            """);
        var sync = await box.RunAsync("sync", "-e", "staging", "--detailed-exitcode");
        Assert.Equal(2, sync.ExitCode);
        var calls = box.Helm.Calls.Where(c => !c.StartsWith("get-manifest", StringComparison.Ordinal)).ToList();
        var run = calls.TakeWhile(c => !c.StartsWith("status ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["pre-api", "upgrade shop-staging/api", "post-api", "upgrade shop-staging/worker"], run);
        // after the run, the release record asks helm which revision each upgraded release is at
        Assert.Equal(["status shop-staging/api", "status shop-staging/worker"], calls.Skip(run.Count));
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_typo_in_needs_fails_with_exit_1_before_any_helm_call()
    {
        using var box = new HelmfileSandbox();
        box.Edit("helmfile.yaml", "      - shop-{{ .Environment.Name }}/api", "      - shop-{{ .Environment.Name }}/apii");
        var r = await box.RunAsync("apply", "-e", "staging");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("release shop-staging/worker needs 'shop-staging/apii', which is not a release in the file", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(box.Helm.Calls);
    }

    [Fact]
    public async Task A_bad_template_fails_with_its_location_and_exit_1_before_any_helm_call()
    {
        using var box = new HelmfileSandbox();
        box.Edit("helmfile.yaml", "chart: ./charts/web\n    labels:\n      tier: api", "chart: ./charts/{{ .Values.chart.name }}\n    labels:\n      tier: api");
        var r = await box.RunAsync("apply", "-e", "staging");
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"template: helmfile\.yaml:\d+:\d+: executing ""helmfile\.yaml"" at <\.Values\.chart\.name>: map has no entry for key ""chart""", r.Stderr);
        Assert.Empty(box.Helm.Calls);
        box.AssertNoPlaintextLeft();
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("Warn", 0)]
    [InlineData("Info", 0)]
    public async Task A_missing_values_file_follows_missingFileHandler_and_an_error_deploys_nothing(string? mode, int exit)
    {
        using var box = new HelmfileSandbox();
        File.Delete(box.PathOf("values/worker.yaml"));
        if (mode is not null) box.Edit("helmfile.yaml", "    installed: {{", $"    missingFileHandler: {mode}\n    installed: {{{{");
        var r = await box.RunAsync("apply", "-e", "staging");
        Assert.Equal(exit, r.ExitCode);
        var message = "helmfile.yaml: release shop-staging/worker: values file values/worker.yaml does not exist";
        if (mode is null)
        {
            Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
            Assert.Empty(box.Helm.Calls);
        }
        else
        {
            Assert.Equal(mode == "Warn", r.Stderr.Contains(message, StringComparison.Ordinal));
            Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
        }
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Template_renders_the_staging_example_with_real_helm()
    {
        var helm = SecretsKit.Testing.Helm.RealHelm.Path; // real helm 3.10.1 as scripts/setup.sh installs it
        using var box = new HelmfileSandbox();
        var r = await CliRunner.RunAsync(["release", "-e", "staging", "template"], box.Env(helm), cwd: box.WorkDir);
        AssertOk(r);
        AssertNoSecret(r);
        Assert.Contains("kind: Deployment", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("namespace: shop-staging", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("replicas: 2", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("image: \"nginxinc/nginx-unprivileged:1.27-alpine\"", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("DB_PASSWORD: \"REDACTED\"", r.StdoutText, StringComparison.Ordinal);
        // both the api and the worker run with the environment they are deployed to (the chart's default is dev)
        Assert.Equal(2, r.StdoutText.Split("- name: APP_ENVIRONMENT\n              value: \"staging\"").Length - 1);
        Assert.DoesNotContain("value: \"dev\"", r.StdoutText, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Top_level_apiVersions_and_kubeVersion_reach_the_real_helms_capabilities_as_with_helmfile()
    {
        using var box = new HelmfileSandbox();
        File.WriteAllText(box.PathOf("charts/web/templates/capabilities.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caps\ndata:\n"
            + "  monitoring: {{ .Capabilities.APIVersions.Has \"monitoring.coreos.com/v1\" | quote }}\n"
            + "  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n");
        box.Edit("helmfile.yaml", "bases:\n", "kubeVersion: v1.29.4\napiVersions:\n  - monitoring.coreos.com/v1\nbases:\n");

        var r = await CliRunner.RunAsync(["release", "-e", "staging", "template", "--skip-validate"], box.Env(SecretsKit.Testing.Helm.RealHelm.Path), cwd: box.WorkDir);

        AssertOk(r);
        Assert.Contains("monitoring: \"true\"", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("kube: \"v1.29.4\"", r.StdoutText, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft();
    }
}
