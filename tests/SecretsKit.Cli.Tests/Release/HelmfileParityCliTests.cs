using SecretsKit.Testing.Common;
using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// Where <c>secretskit release</c> behaves as helmfile (with helm-secrets) on examples/helmfile: plaintext under
/// <c>secrets:</c> is refused (local or fetched over http(s)), a mistyped release key fails, <c>--include-needs</c> also reaches show-dag and list.
/// </summary>
public sealed class HelmfileParityCliTests
{
    private const string PlainSecret = "plain-token-committed-by-mistake";

    private static void AssertOk(ProcessRun.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");

    [Fact]
    public async Task A_plaintext_file_under_a_release_secrets_is_refused_before_any_helm_call_unless_allowed()
    {
        using var box = new HelmfileSandbox();
        File.WriteAllText(box.PathOf("values/api-secrets.yaml"), $"token: {PlainSecret}\n");
        box.Edit("helmfile.yaml", "    set:\n      - name: image.tag", "    secrets:\n      - values/api-secrets.yaml\n    set:\n      - name: image.tag");

        foreach (var verb in new[] { "apply", "lint", "template" })
        {
            var r = await box.RunAsync("-e", "staging", verb);
            Assert.True(r.ExitCode == 1, $"{verb}: exit {r.ExitCode}\n{r.Stderr}");
            Assert.Contains("release shop-staging/api secrets: File is not encrypted: values/api-secrets.yaml", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("--allow-unencrypted-secrets", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(PlainSecret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(box.Helm.Calls, c => c.StartsWith("upgrade ", StringComparison.Ordinal) || c.StartsWith("lint ", StringComparison.Ordinal));

        var allowed = await box.RunAsync("-e", "staging", "apply", "--allow-unencrypted-secrets");
        AssertOk(allowed);
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
        Assert.Contains(box.Helm.Invocations, i => i.ValueContents.Any(c => c?.Contains(PlainSecret, StringComparison.Ordinal) == true));
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_plaintext_environment_secrets_file_is_refused_too()
    {
        using var box = new HelmfileSandbox();
        File.WriteAllText(box.PathOf("environments/staging/secrets.yaml"), $"db:\n  password: {PlainSecret}\napi:\n  token: x\n");
        var r = await box.RunAsync("-e", "staging", "apply");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("environment secrets: File is not encrypted: environments/staging/secrets.yaml", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(PlainSecret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        Assert.Empty(box.Helm.Calls);
    }

    [Fact]
    public async Task A_mistyped_needs_fails_naming_the_key_the_release_the_file_and_needs_before_any_helm_call()
    {
        using var box = new HelmfileSandbox();
        box.Edit("helmfile.yaml", "    needs:\n", "    neeeds:\n");
        foreach (var verb in new[] { "apply", "show-dag" })
        {
            var r = await box.RunAsync("-e", "staging", verb);
            Assert.Equal(1, r.ExitCode);
            Assert.Matches(@"helmfile\.yaml:\d+: unknown key 'neeeds' in release worker: did you mean 'needs'\?", r.Stderr);
        }
        Assert.Empty(box.Helm.Calls);
    }

    [Fact]
    public async Task Show_dag_and_list_honour_include_needs_with_a_selector()
    {
        using var box = new HelmfileSandbox();
        var dag = await box.RunAsync("-e", "staging", "-l", "tier=worker", "show-dag");
        AssertOk(dag);
        Assert.DoesNotMatch(@"(?m)^\d+\s+shop-staging/api", dag.StdoutText);
        var withNeeds = await box.RunAsync("-e", "staging", "-l", "tier=worker", "--include-needs", "show-dag");
        AssertOk(withNeeds);
        Assert.Matches(@"1\s+shop-staging/api\s*\n2\s+shop-staging/worker\s+shop-staging/api", withNeeds.StdoutText);

        var list = await box.RunAsync("-e", "staging", "-l", "tier=worker", "list");
        Assert.DoesNotMatch(@"(?m)^api\s", list.StdoutText);
        var listWithNeeds = await box.RunAsync("-e", "staging", "-l", "tier=worker", "list", "--include-needs");
        Assert.Matches(@"(?m)^api\s+shop-staging", listWithNeeds.StdoutText);
        Assert.Matches(@"(?m)^worker\s+shop-staging", listWithNeeds.StdoutText);
        Assert.Empty(box.Helm.Calls);
    }

    [Fact]
    public async Task Prepare_hooks_run_before_the_release_is_processed_preapply_only_when_apply_changes_it_and_cleanup_last()
    {
        using var box = new HelmfileSandbox();
        box.Edit("helmfile.yaml", "    labels:\n      tier: api\n", """
                labels:
                  tier: api
                hooks:
                  - events: [prepare]
                    command: sh
                    args: ["-c", "echo prepare-{{`{{ .Release.Name }}`}} >> \"$FAKE_HELM_STATE/calls.log\""]
                  - events: [preapply]
                    command: sh
                    args: ["-c", "echo preapply-{{`{{ .Release.Name }}`}} >> \"$FAKE_HELM_STATE/calls.log\""]
                  - events: [cleanup]
                    command: sh
                    args: ["-c", "echo cleanup-{{`{{ .Release.Name }}`}} >> \"$FAKE_HELM_STATE/calls.log\""]

            """);
        string[] Seen() => box.Helm.Calls.Where(c => c.EndsWith("-api", StringComparison.Ordinal) || c.StartsWith("upgrade ", StringComparison.Ordinal)).ToArray();

        AssertOk(await box.RunAsync("-e", "staging", "apply"));
        Assert.Equal(["prepare-api", "preapply-api", "upgrade shop-staging/api", "upgrade shop-staging/worker", "cleanup-api"], Seen());

        AssertOk(await box.RunAsync("-e", "staging", "apply")); // nothing changed: no preapply, no upgrade
        Assert.Equal(["prepare-api", "cleanup-api"], Seen().Skip(5));

        AssertOk(await box.RunAsync("-e", "staging", "template"));
        Assert.Equal(["prepare-api", "cleanup-api"], Seen().Skip(7));
        box.AssertNoPlaintextLeft();
    }

    private const string User = "ci-reader";
    private const string Password = "remote-pa55-x";

    private static async Task<(FakeFileServer Server, Func<string, byte[], string> Put)> ServeAsync()
    {
        var server = await FakeFileServer.StartAsync();
        server.RequireBasicAuth = $"{User}:{Password}";
        return (server, (path, content) => server.Put(path, content).Replace("http://", $"http://{User}:{Password}@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_remote_plaintext_secrets_file_is_fetched_and_refused_before_any_helm_call_unless_allowed()
    {
        using var box = new HelmfileSandbox();
        var (server, put) = await ServeAsync();
        await using var _ = server;
        var url = put("/team/api-secrets.yaml", System.Text.Encoding.UTF8.GetBytes($"token: {PlainSecret}\n"));
        box.Edit("helmfile.yaml", "    set:\n      - name: image.tag", $"    secrets:\n      - {url}\n    set:\n      - name: image.tag");

        foreach (var verb in new[] { "apply", "template" })
        {
            var r = await box.RunAsync("-e", "staging", verb);
            Assert.True(r.ExitCode == 1, $"{verb}: exit {r.ExitCode}\n{r.Stderr}");
            Assert.Contains("release shop-staging/api secrets: File is not encrypted: http://***@127.0.0.1:", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(PlainSecret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(box.Helm.Calls, c => c.StartsWith("upgrade ", StringComparison.Ordinal));
        Assert.Contains(server.Requests, q => q.Operation == "GET /team/api-secrets.yaml");

        var allowed = await box.RunAsync("-e", "staging", "apply", "--allow-unencrypted-secrets");
        AssertOk(allowed);
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_remote_encrypted_secrets_file_is_fetched_decrypted_for_helm_and_redacted_and_so_is_an_environment_one()
    {
        using var box = new HelmfileSandbox();
        var (server, put) = await ServeAsync();
        await using var _ = server;
        var envUrl = put("/team/staging-secrets.yaml", File.ReadAllBytes(box.PathOf("environments/staging/secrets.yaml")));
        var releaseUrl = put("/team/api-secrets.yaml", File.ReadAllBytes(box.PathOf("environments/staging/secrets.yaml")));
        box.Edit("bases/environments.yaml", "      - environments/staging/secrets.yaml", "      - " + envUrl);
        box.Edit("helmfile.yaml", "    set:\n      - name: image.tag", $"    secrets:\n      - {releaseUrl}\n    set:\n      - name: image.tag");

        var r = await box.RunAsync("-e", "staging", "apply");
        var diff = await box.RunAsync("-e", "staging", "diff");

        AssertOk(r);
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
        var api = box.Helm.Invocations.First(i => i.Args[0] == "upgrade" && i.Args.Contains("api"));
        Assert.Contains(api.ValueContents, c => c?.Contains(HelmfileSandbox.StagingSecrets[0], StringComparison.Ordinal) == true);
        Assert.DoesNotContain(api.Args, a => a.Contains("127.0.0.1", StringComparison.Ordinal));
        foreach (var secret in HelmfileSandbox.StagingSecrets) Assert.DoesNotContain(secret, r.StdoutText + r.Stderr + diff.StdoutText + diff.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, r.StdoutText + r.Stderr + diff.StdoutText + diff.Stderr, StringComparison.Ordinal);
        Assert.Contains(server.Requests, q => q.Operation == "GET /team/staging-secrets.yaml");
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_secrets_file_behind_a_scheme_that_is_not_fetched_is_refused_naming_it()
    {
        using var box = new HelmfileSandbox();
        box.Edit("helmfile.yaml", "    set:\n      - name: image.tag", "    secrets:\n      - git::https://git.example/team/config@secrets.yaml?ref=main\n    set:\n      - name: image.tag");
        var r = await box.RunAsync("-e", "staging", "apply");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("release shop-staging/api secrets: only http(s) remote files are fetched for decryption, not git::https://git.example/team/config@secrets.yaml?ref=main", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(box.Upgrades);
    }

    [Fact]
    public async Task Secrets_files_sops_would_refuse_are_used_with_a_one_line_warning_each()
    {
        using var box = new HelmfileSandbox();
        var envSecrets = box.PathOf("environments/staging/secrets.yaml");
        File.Copy(envSecrets, box.PathOf("values/api-secrets.yaml"));
        File.AppendAllText(box.PathOf("values/api-secrets.yaml"), "\0");
        // staging's copy is for staging's key: a creation rule says so (else the recipient check refuses it, SK-RECIPIENT-001)
        File.AppendAllText(box.PathOf(".sops.yaml"), "  - path_regex: values/api-secrets\\.yaml$\n    age: age1scuspj6kt3ly0xup4950hv0qrvscu6g4j9kpy0edl8fhum82wvgs567qfe\n");
        File.WriteAllText(envSecrets, "%YAML 1.2\n---\n" + File.ReadAllText(envSecrets));
        box.Edit("helmfile.yaml", "    set:\n      - name: image.tag", "    secrets:\n      - values/api-secrets.yaml\n    set:\n      - name: image.tag");

        var r = await box.RunAsync("-e", "staging", "apply");

        AssertOk(r);
        Assert.Contains("secretskit: warning: environment secrets environments/staging/secrets.yaml: sops 3.13 refuses this file: '%YAML 1.2' on line 1", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: warning: values/api-secrets.yaml: sops 3.13 refuses this file: U+0000 on line ", r.Stderr, StringComparison.Ordinal);
        foreach (var secret in HelmfileSandbox.StagingSecrets) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft();
    }
}
