using System.Diagnostics;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Tests.Hosting;
using SecretsKit.Core.Errors;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Fuzz;

/// <summary>
/// The seeded fuzz slice of the agent's watch: per seed, the Kubernetes API fake holds the chart's CRDs, a valid store
/// and ExternalSecret, and tenants' ExternalSecrets and SecretStores mutated by <see cref="JsonMutator"/> (templates,
/// dataFrom with rewrites, sourceRef generators, syncWindows, providers), each in its own namespace; the real agent
/// process (<c>--once</c>, under a 512 MiB heap limit) reconciles them. It must exit 0 or 1 within a minute with no
/// stack trace, still sync the valid ExternalSecret, and keep every condition and Event message within 2,000
/// characters (the "… (N characters)" tail included). The campaign: bench/fuzz-targets.sh.
/// </summary>
public sealed class AgentManifestFuzzTests
{
    private const int CiSeeds = 4;

    private const int ObjectsPerSeed = 12;

    /// <summary>A condition or Event message: 2,000 characters, the tail that says how long it was included.</summary>
    private const int MaxMessage = 2_000;

    private static JsonObject Tenant(string ns, int variant) => variant switch
    {
        0 => new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1", ["kind"] = "SecretStore",
            ["metadata"] = new JsonObject { ["name"] = "fake", ["namespace"] = ns },
            ["spec"] = new JsonObject { ["provider"] = AgentCluster.FakeProvider(("k", "v"), ("j", "{\"a\": \"b\"}")) },
        },
        _ => new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1", ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "es", ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = new JsonObject
            {
                ["refreshInterval"] = "1h",
                ["secretStoreRef"] = new JsonObject { ["name"] = "fake", ["kind"] = "SecretStore" },
                ["target"] = new JsonObject
                {
                    ["name"] = "out", ["creationPolicy"] = "Owner",
                    ["template"] = new JsonObject { ["engineVersion"] = "v2", ["data"] = new JsonObject { ["url"] = "db://{{ .k }}/{{ .a }}" } },
                },
                ["data"] = new JsonArray(new JsonObject { ["secretKey"] = "k", ["remoteRef"] = new JsonObject { ["key"] = "k" } }),
                ["dataFrom"] = new JsonArray(new JsonObject
                {
                    ["extract"] = new JsonObject { ["key"] = "j" },
                    ["rewrite"] = new JsonArray(new JsonObject { ["regexp"] = new JsonObject { ["source"] = "^a$", ["target"] = "a" } }),
                }),
                ["syncWindows"] = new JsonArray(new JsonObject { ["schedule"] = "* * * * *" }),
            },
        },
    };

    [Fact]
    public async Task Mutated_tenant_objects_fail_alone_with_bounded_messages_and_the_valid_one_still_syncs()
    {
        var report = await FuzzCampaign.RunAsync(CiSeeds, CheckAsync);
        Assert.True(report is null, report);
    }

    private static async Task<string?> CheckAsync(int seed)
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        var classes = new List<string>();
        for (var i = 0; i < ObjectsPerSeed; i++)
        {
            var ns = $"tenant-{i}";
            var store = Tenant(ns, 0);
            var es = Tenant(ns, 1);
            var (mutated, applied) = JsonMutator.Mutate(i % 3 == 0 ? store : es, seed * ObjectsPerSeed + i);
            classes.Add(applied);
            try
            {
                server.Create(FakeResourceType.SecretStore, ns, i % 3 == 0 ? mutated : store);
                server.Create(FakeResourceType.ExternalSecret, ns, i % 3 == 0 ? es : mutated);
            }
            catch (Exception e) when (e.GetType().Name == "FakeKubeStatus") // the fake API server's refusal (internal to Testing)
            {
                classes[^1] += " (refused by the API server)"; // as a real API server refuses it: the agent never sees it
            }
        }
        var env = new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path), [FuzzCampaign.HeapLimitVariable] = FuzzCampaign.HeapLimit,
        };
        var clock = Stopwatch.StartNew();
        int code;
        string stdout, stderr;
        try
        {
            (code, stdout, stderr) = await AgentProcess.RunAsync(home.Path, env, "--once");
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return $"({string.Join(", ", classes)}) no exit within a minute";
        }
        var what = $"({string.Join(", ", classes)}) exit {code} after {clock.ElapsedMilliseconds} ms";
        if (code is not (0 or 1)) return $"{what}: not the documented exit code; stderr: {Echo.Bounded(stderr, 600)}";
        if (FuzzCampaign.OutputProblem(stdout + "\n" + stderr, maxLine: 10_000) is { } problem) return $"{what}: {problem}; stderr: {Echo.Bounded(stderr, 600)}";
        if (server.TryGet(FakeResourceType.Secret, "default", "es") is null) return $"{what}: the valid ExternalSecret did not sync; stderr: {Echo.Bounded(stderr, 600)}";
        foreach (var es in server.All(FakeResourceType.ExternalSecret))
        {
            foreach (var condition in es["status"]?["conditions"] as JsonArray ?? [])
            {
                var message = condition?["message"]?.GetValue<string>() ?? "";
                if (message.Length > MaxMessage) return $"{what}: a condition message of {message.Length:N0} characters";
            }
        }
        foreach (var ev in server.All(FakeResourceType.CoreEvent))
        {
            var message = ev["message"]?.GetValue<string>() ?? "";
            if (message.Length > MaxMessage) return $"{what}: an Event message of {message.Length:N0} characters";
        }
        return null;
    }
}
