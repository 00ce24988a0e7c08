using System.Text;
using System.Text.Json;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit release drift</c> through the real process with the real helm (3.10.1 and 4.1.4) against the Kubernetes
/// API fake (HTTPS, token auth, the cluster controllers <c>--wait</c> and <c>helm test</c> need): examples/pipeline applied
/// to the <c>kind-dev</c> context, then changed behind helm's back with the real kubectl. Drift reads no key.
/// </summary>
public sealed class ReleaseDriftCliTests
{
    private const string HandSet = "hand-set-token-5d1e";

    private static readonly string Kubectl = Path.Combine(SharedFixtures.RepositoryRoot, ".tools", "helm", RealHelm.Helm4Version, "kubectl");

    /// <summary>The dev secrets of examples/pipeline and the value set by hand: none may show, plain or base64.</summary>
    private static readonly string[] Values = ["demo-dev-db-password-7f3a", "demo-dev-api-token-c41d", HandSet];

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Drift_names_a_patched_replica_count_a_patched_secret_key_and_a_deleted_object_never_a_value_and_nothing_right_after_apply(string helm)
    {
        using var dir = new TempDir("sk-drift-");
        PipelineSandbox.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "examples", "pipeline"), dir.File("pipeline"));
        PipelineSandbox.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "examples", "pipeline-app"), dir.File("pipeline-app"));
        using var real = new RealHelm(version: helm);
        await using var api = await FakeKubeApiServer.StartAsync(https: true);
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        api.AcceptToken(token);
        await using var controllers = FakeClusterControllers.Start(api);
        var env = real.Environment();
        env["KUBECONFIG"] = api.WriteKubeconfig(dir.File("kubeconfig"), token, otherContexts: ["kind-dev"]);
        env["TMPDIR"] = Directory.CreateDirectory(dir.File("tmp")).FullName;
        var work = dir.File("pipeline");

        env["SOPS_AGE_KEY_FILE"] = SharedFixtures.ExampleKey("dev");
        var apply = await CliRunner.RunAsync(["release", "-e", "dev", "apply", "--skip-unittest"], env, cwd: work, timeout: TimeSpan.FromMinutes(10));
        Assert.True(apply.ExitCode == 0, $"apply failed:\n{apply.StdoutText}\n{apply.Stderr}\ncontrollers: {string.Join("; ", controllers.Errors)}");
        env["SOPS_AGE_KEY_FILE"] = null; // drift needs no key

        // right after apply: nothing drifted
        var clean = await DriftAsync(env, work, "--detailed-exitcode");
        Assert.True(clean.ExitCode == 0, clean.StdoutText + clean.Stderr);
        Assert.Matches(@"^=== shop/backend \(dev\): no drift \(3 objects compared\)\n=== shop/frontend \(dev\): no drift \(2 objects compared\)\n$", clean.StdoutText);

        await KubectlAsync(env, "patch", "deployment", "backend-pipeline-app", "--type", "merge", "-p", """{"spec":{"replicas":3}}""");
        var handSet = Convert.ToBase64String(Encoding.UTF8.GetBytes(HandSet));
        await KubectlAsync(env, "patch", "secret", "backend-pipeline-app", "--type", "merge", "-p", "{\"data\":{\"apiToken\":\"" + handSet + "\"}}");

        var drifted = await DriftAsync(env, work, "--detailed-exitcode");
        Assert.True(drifted.ExitCode == 2, drifted.StdoutText + drifted.Stderr);
        // objects in the order of helm's manifest (helm sorts Secrets before Services and Deployments)
        Assert.Equal("""
            === shop/backend (dev): 2 objects drifted of 3
              Secret shop/backend-pipeline-app: data.apiToken changed
              Deployment shop/backend-pipeline-app: spec.replicas: 1 in the manifest, 3 live
            === shop/frontend (dev): no drift (2 objects compared)

            """, drifted.StdoutText);
        AssertNoValue(drifted);

        // the same as JSON, and with the replica count ignored (a HorizontalPodAutoscaler's field)
        var json = await DriftAsync(env, work, "-o", "json", "--ignore", "Deployment:/spec/replicas");
        Assert.True(json.ExitCode == 0, json.Stderr);
        AssertNoValue(json);
        using (var doc = JsonDocument.Parse(json.StdoutText))
        {
            Assert.True(doc.RootElement.GetProperty("drift").GetBoolean());
            var backend = doc.RootElement.GetProperty("releases")[0];
            Assert.Equal("shop/backend", backend.GetProperty("release").GetString());
            var secret = Assert.Single(backend.GetProperty("objects").EnumerateArray());
            Assert.Equal("Secret", secret.GetProperty("kind").GetString());
            var change = Assert.Single(secret.GetProperty("changes").EnumerateArray());
            Assert.Equal(("data.apiToken", "/data/apiToken", "changed"), (change.GetProperty("path").GetString(), change.GetProperty("pointer").GetString(), change.GetProperty("change").GetString()));
            Assert.False(change.TryGetProperty("manifest", out _));
            Assert.False(change.TryGetProperty("live", out _));
        }

        // an object deleted behind helm's back is named; -l narrows the releases
        await KubectlAsync(env, "delete", "service", "frontend-pipeline-app");
        var missing = await DriftAsync(env, work, "-l", "name=frontend", "--detailed-exitcode");
        Assert.True(missing.ExitCode == 2, missing.StdoutText + missing.Stderr);
        Assert.Equal("=== shop/frontend (dev): 1 object drifted of 2\n  Service shop/frontend-pipeline-app: missing\n", missing.StdoutText);
        Assert.Empty(Directory.GetFileSystemEntries(env["TMPDIR"]!));
    }

    private static Task<ProcessRun.Result> DriftAsync(Dictionary<string, string?> env, string work, params string[] args) =>
        CliRunner.RunAsync(["release", "-e", "dev", "drift", .. args], env, cwd: work, timeout: TimeSpan.FromMinutes(3));

    private static async Task KubectlAsync(Dictionary<string, string?> env, params string[] args)
    {
        var r = await ProcessRun.RunAsync(Kubectl, ["--context", "kind-dev", "-n", "shop", .. args], env, timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, $"kubectl {string.Join(' ', args)}: {r.Stderr}");
    }

    private static void AssertNoValue(ProcessRun.Result run)
    {
        var output = run.StdoutText + run.Stderr;
        foreach (var value in Values)
        {
            Assert.DoesNotContain(value, output, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), output, StringComparison.Ordinal);
        }
    }
}
