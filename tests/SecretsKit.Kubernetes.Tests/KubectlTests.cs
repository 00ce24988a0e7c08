using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests;

/// <summary>Keeps the fake honest: the real kubectl (v1.32) drives it over HTTPS with a bearer token.</summary>
public sealed class KubectlTests
{
    private static readonly string KubectlBinary =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "kubectl"))
            .FirstOrDefault(File.Exists) ?? "/usr/bin/kubectl";

    private const string SecretManifest = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db-creds
          labels:
            app: web
        type: Opaque
        data:
          password: aHVudGVyMg==
        """;

    private const string ExternalSecretManifest = """
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata:
          name: db
        spec:
          refreshInterval: 1h
          secretStoreRef:
            name: vault
            kind: SecretStore
          target:
            name: db-creds
          data:
          - secretKey: password
            remoteRef:
              key: secret/db
              property: password
        """;

    private sealed class KubectlRunner(TempDir dir, string kubeconfig)
    {
        public async Task<ProcessResult> RunAsync(params string[] args)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            return await StartAsync(args, cts.Token);
        }

        public Task<ProcessResult> StartAsync(string[] args, CancellationToken ct)
        {
            var env = new Dictionary<string, string>
            {
                ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
                ["HOME"] = dir.Path,
                ["KUBECONFIG"] = kubeconfig,
            };
            return SystemProcessRunner.Instance.RunAsync(new ProcessSpec(KubectlPath, args, null, env, dir.Path), ct);
        }

        private static string KubectlPath => KubectlBinary;
    }

    private static string Out(ProcessResult r) => Encoding.UTF8.GetString(r.StandardOutput);

    private static void AssertOk(ProcessResult r, string what) =>
        Assert.True(r.ExitCode == 0, $"kubectl {what} failed with {r.ExitCode}: {r.StandardError}\n{Out(r)}");

    [Fact]
    public async Task Real_kubectl_applies_gets_watches_and_deletes_against_the_fake()
    {
        Assert.True(File.Exists(KubectlBinary), "kubectl v1.32 is expected on PATH (/usr/bin/kubectl)");
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        server.AcceptToken("kubectl-token");
        using var dir = new TempDir();
        var kubectl = new KubectlRunner(dir, server.WriteKubeconfig(dir.File("kubeconfig"), "kubectl-token"));
        File.WriteAllText(dir.File("secret.yaml"), SecretManifest);
        File.WriteAllText(dir.File("es.yaml"), ExternalSecretManifest);

        // apply (client-side: GET 404, POST with the last-applied annotation)
        var apply = await kubectl.RunAsync("apply", "-f", "secret.yaml", "-f", "es.yaml");
        AssertOk(apply, "apply");
        Assert.Contains("secret/db-creds created", Out(apply), StringComparison.Ordinal);
        Assert.Contains("externalsecret.external-secrets.io/db created", Out(apply), StringComparison.Ordinal);
        var stored = server.TryGet(FakeResourceType.Secret, "default", "db-creds")!;
        Assert.Contains("last-applied-configuration", stored["metadata"]!["annotations"]!.ToJsonString(), StringComparison.Ordinal);

        await GetsAsync(kubectl, stored);

        await WatchSeesAnApplyAsync(kubectl, server, dir);

        // a changed spec through kubectl apply on the CRD (JSON merge patch) bumps the generation
        File.WriteAllText(dir.File("es.yaml"), ExternalSecretManifest.Replace("refreshInterval: 1h", "refreshInterval: 5m", StringComparison.Ordinal));
        AssertOk(await kubectl.RunAsync("apply", "-f", "es.yaml"), "apply es update");
        var es = server.TryGet(FakeResourceType.ExternalSecret, "default", "db")!;
        Assert.Equal("5m", es["spec"]!["refreshInterval"]!.GetValue<string>());
        Assert.Equal(2, es["metadata"]!["generation"]!.GetValue<long>());

        await DeletesAsync(kubectl, server);
    }

    /// <summary><c>get -o json</c> of the Secret and of the ExternalSecrets returns what was applied.</summary>
    private static async Task GetsAsync(KubectlRunner kubectl, JsonObject stored)
    {
        // get -o json
        var getSecret = await kubectl.RunAsync("get", "secret", "db-creds", "-o", "json");
        AssertOk(getSecret, "get secret");
        var secret = JsonNode.Parse(Out(getSecret))!;
        Assert.Equal("aHVudGVyMg==", secret["data"]!["password"]!.GetValue<string>());
        Assert.Equal(stored["metadata"]!["uid"]!.GetValue<string>(), secret["metadata"]!["uid"]!.GetValue<string>());
        var getEs = await kubectl.RunAsync("get", "externalsecrets", "-o", "json");
        AssertOk(getEs, "get externalsecrets");
        var esList = JsonNode.Parse(Out(getEs))!;
        Assert.Equal("db", esList["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("secret/db", esList["items"]![0]!["spec"]!["data"]![0]!["remoteRef"]!["key"]!.GetValue<string>());
    }

    /// <summary><c>get -w</c> sees a later update made by a second <c>kubectl apply</c> (strategic merge patch).</summary>
    private static async Task WatchSeesAnApplyAsync(KubectlRunner kubectl, FakeKubeApiServer server, TempDir dir)
    {
        // get -w sees a later update made by a second kubectl apply (strategic merge patch)
        using var watchCts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var watch = kubectl.StartAsync(["get", "secret", "db-creds", "-w", "--request-timeout=8s", "-o", "jsonpath={.metadata.labels.tier}{\"|\"}"], watchCts.Token);
        while (!server.Requests.Any(r => r.Query.Contains("watch=true", StringComparison.Ordinal)))
        {
            if (watch.IsCompleted) Assert.Fail("kubectl get -w ended before watching: " + (await watch).StandardError);
            await Task.Delay(50);
        }
        File.WriteAllText(dir.File("secret.yaml"), SecretManifest.Replace("    app: web", "    app: web\n    tier: gold", StringComparison.Ordinal));
        var update = await kubectl.RunAsync("apply", "-f", "secret.yaml");
        AssertOk(update, "apply update");
        Assert.Contains("secret/db-creds configured", Out(update), StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.Method == "PATCH" && r.ContentType == "application/strategic-merge-patch+json");
        var watched = await watch;
        Assert.Contains("gold|", Out(watched), StringComparison.Ordinal);
    }

    private static async Task DeletesAsync(KubectlRunner kubectl, FakeKubeApiServer server)
    {
        // delete
        var delete = await kubectl.RunAsync("delete", "-f", "es.yaml");
        AssertOk(delete, "delete es");
        Assert.Contains("deleted", Out(delete), StringComparison.Ordinal);
        AssertOk(await kubectl.RunAsync("delete", "secret", "db-creds"), "delete secret");
        Assert.Null(server.TryGet(FakeResourceType.ExternalSecret, "default", "db"));
        Assert.Null(server.TryGet(FakeResourceType.Secret, "default", "db-creds"));
        var none = await kubectl.RunAsync("get", "secrets", "-o", "json");
        AssertOk(none, "get after delete");
        Assert.Empty(JsonNode.Parse(Out(none))!["items"]!.AsArray());
    }

    [Fact]
    public async Task Real_kubectl_create_secret_sends_protobuf_the_fake_understands()
    {
        Assert.True(File.Exists(KubectlBinary), "kubectl v1.32 is expected on PATH (/usr/bin/kubectl)");
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        server.AcceptToken("kubectl-token");
        using var dir = new TempDir();
        var kubectl = new KubectlRunner(dir, server.WriteKubeconfig(dir.File("kubeconfig"), "kubectl-token", ns: "team-a"));

        var create = await kubectl.RunAsync("create", "secret", "generic", "api-key", "--from-literal=key=s3cr3t", "--from-literal=user=svc");
        AssertOk(create, "create secret");
        var stored = server.TryGet(FakeResourceType.Secret, "team-a", "api-key")!;
        Assert.Equal(Convert.ToBase64String("s3cr3t"u8.ToArray()), stored["data"]!["key"]!.GetValue<string>());
        Assert.Equal("Opaque", stored["type"]!.GetValue<string>());
        Assert.Contains(server.Requests, r => r.Method == "POST" && (r.ContentType ?? "").StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal));

        var get = await kubectl.RunAsync("get", "secret", "api-key", "-o", "jsonpath={.data.user}");
        AssertOk(get, "get secret");
        Assert.Equal(Convert.ToBase64String("svc"u8.ToArray()), Out(get));
    }

    [Fact]
    public async Task Real_kubectl_server_side_apply_records_its_field_manager()
    {
        Assert.True(File.Exists(KubectlBinary), "kubectl v1.32 is expected on PATH (/usr/bin/kubectl)");
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        server.AcceptToken("kubectl-token");
        using var dir = new TempDir();
        var kubectl = new KubectlRunner(dir, server.WriteKubeconfig(dir.File("kubeconfig"), "kubectl-token"));
        File.WriteAllText(dir.File("es.yaml"), ExternalSecretManifest);
        var apply = await kubectl.RunAsync("apply", "--server-side", "-f", "es.yaml");
        AssertOk(apply, "apply --server-side");
        Assert.Contains("serverside-applied", Out(apply), StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.Method == "PATCH" && r.ContentType == "application/apply-patch+yaml");
        var managers = await kubectl.RunAsync("get", "es", "db", "-o", "jsonpath={.metadata.managedFields[*].manager}");
        AssertOk(managers, "get managedFields");
        Assert.Equal("kubectl", Out(managers));
    }

    [Fact]
    public async Task Real_kubectl_is_refused_without_a_valid_token()
    {
        Assert.True(File.Exists(KubectlBinary), "kubectl v1.32 is expected on PATH (/usr/bin/kubectl)");
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        server.AcceptToken("right-token");
        using var dir = new TempDir();
        var kubectl = new KubectlRunner(dir, server.WriteKubeconfig(dir.File("kubeconfig"), "wrong-token"));
        var get = await kubectl.RunAsync("get", "secrets", "-o", "json");
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains("provide credentials", get.StandardError, StringComparison.Ordinal);
    }
}
