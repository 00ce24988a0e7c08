using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// A cluster helm cannot reach is an error, never "not installed yet": with the real helm 3.10.1 and Helm 4.1.4 and a
/// kube context whose credential plugin is not installed (as on a CI runner without the cloud's CLI: helm says
/// <c>Kubernetes cluster unreachable: … executable … not found</c>), <c>release diff</c> fails with helm's error and
/// <c>release apply</c> stops before any upgrade (its first cluster call, the status of the release with
/// <c>installed: false</c>, fails instead of reading as "nothing to uninstall"; with the release lock, taking its Lease
/// is the first cluster call, and fails naming the plugin).
/// </summary>
public sealed class ReleaseUnreachableClusterCliTests
{
    private const string Plugin = "secretskit-test-missing-credential-plugin";

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Diff_and_apply_stop_on_an_unreachable_cluster(string version)
    {
        using var box = new PipelineSandbox();
        using var real = new RealHelm(version: version);
        File.WriteAllText(real.Kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: dev
                cluster:
                  server: https://127.0.0.1:1
            contexts:
              - name: kind-dev
                context:
                  cluster: dev
                  user: ci
            users:
              - name: ci
                user:
                  exec:
                    apiVersion: client.authentication.k8s.io/v1beta1
                    command: {Plugin}
                    interactiveMode: Never
            current-context: kind-dev
            """);
        var env = real.Environment();
        env["SOPS_AGE_KEY_FILE"] = box.AgeKeyFile;
        env["TMPDIR"] = box.TempDirectory;
        env["HELM_BIN"] = real.HelmPath;

        // apply with --no-lock: helm's own reading of the cluster (with the lock, the Lease is the first call: below)
        foreach (var verb in new[] { "diff", "apply" })
        {
            var r = await CliRunner.RunAsync(["release", "-e", "dev", verb, "--skip-validate", "--skip-policy", "--skip-unittest", .. verb == "apply" ? new[] { "--no-lock" } : []],
                env, cwd: box.WorkDir);

            Assert.True(r.ExitCode == 1, $"{verb}: exit {r.ExitCode}\nstdout:\n{r.StdoutText}\nstderr:\n{r.Stderr}");
            Assert.Contains($"executable {Plugin} not found", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("cluster unreachable", r.Stderr, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("not installed yet", r.StdoutText, StringComparison.Ordinal);
            Assert.DoesNotContain("upgrade started", r.Stderr, StringComparison.Ordinal);
            // diff: helm's get manifest fails; apply first asks whether the release with installed: false is there to uninstall
            Assert.Matches(verb == "diff" ? @"backend\s+shop\s+diff\s+failed" : @"legacy-worker\s+shop\s+uninstall\s+failed", r.Stderr);
        }
        var locked = await CliRunner.RunAsync(["release", "-e", "dev", "apply", "--skip-validate", "--skip-policy", "--skip-unittest"], env, cwd: box.WorkDir);
        Assert.True(locked.ExitCode == 1, $"exit {locked.ExitCode}\n{locked.Stderr}");
        Assert.Contains($"secretskit: error: the release lock of dev could not be taken: the exec credential plugin {Plugin} exited with code 127", locked.Stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain("upgrade started", locked.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(box.TempDirectory));
    }
}
