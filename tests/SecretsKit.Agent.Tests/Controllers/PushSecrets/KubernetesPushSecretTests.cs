using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Tests.Providers;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// PushSecret to ESO's <c>kubernetes</c> provider: the remote cluster is a second API server fake that accepts only the
/// store's token; the PushSecret is created through the local fake with the chart's CRDs. The remote Secret gets the
/// source's type, data and (merged) labels and annotations plus the agent's <c>managed-by: secretskit</c> label; Secrets
/// without that label are neither overwritten nor deleted; hostile metadata is refused before anything is written.
/// </summary>
public sealed class KubernetesPushSecretTests
{
    private static async Task<AgentCluster> ClusterAsync(FakeKubeApiServer remote, string? storeNamespace = "default")
    {
        var c = await AgentCluster.StartAsync();
        c.Secret("default", "remote-cred", new Dictionary<string, string> { ["token"] = KubernetesProviderTests.RemoteToken });
        var provider = KubernetesProviderTests.Provider(remote, new JsonObject
        {
            ["token"] = new JsonObject { ["bearerToken"] = new JsonObject { ["name"] = "remote-cred", ["key"] = "token", ["namespace"] = "default" } },
        });
        c.Store(storeNamespace, "remote", provider);
        c.Server.Create(FakeResourceType.Secret, "default", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "source", ["namespace"] = "default",
                ["labels"] = new JsonObject { ["app"] = "web" },
                ["annotations"] = new JsonObject { ["note"] = "from-source" },
            },
            ["type"] = "example.com/db",
            ["data"] = new JsonObject { ["pw"] = KubernetesProviderTests.B64("pw-1"), ["user"] = KubernetesProviderTests.B64("app") },
        });
        return c;
    }

    private static void Push(AgentCluster c, string body, string storeKind = "SecretStore") =>
        PushSecretYaml.Create(c, $"secretStoreRefs: [{{name: remote, kind: {storeKind}}}]\nselector: {{secret: {{name: source}}}}\n" + body);

    private static string Data(JsonObject? secret, string key) => Encoding.UTF8.GetString(Convert.FromBase64String(secret!["data"]![key]!.GetValue<string>()));

    private static string? Label(JsonObject? secret, string key) => secret?["metadata"]?["labels"]?[key]?.GetValue<string>();

    private static string? Annotation(JsonObject? secret, string key) => secret?["metadata"]?["annotations"]?[key]?.GetValue<string>();

    private static void Managed(FakeKubeApiServer remote, string name, JsonObject labels, params (string Key, string Value)[] data)
    {
        labels["managed-by"] = "secretskit";
        remote.Create(FakeResourceType.Secret, "prod", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "prod", ["labels"] = labels, ["annotations"] = new JsonObject { ["kept"] = "yes" } },
            ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)KubernetesProviderTests.B64(d.Value)))),
        });
    }

    [Fact]
    public async Task Kubernetes_push_writes_the_remote_secret_with_source_type_labels_and_metadata_then_updates_and_deletes_it()
    {
        await using var remote = await KubernetesProviderTests.RemoteAsync();
        await using var c = await ClusterAsync(remote);
        Push(c, """
            deletionPolicy: Delete
            data:
              - match: {secretKey: pw, remoteRef: {remoteKey: db-creds, property: password}}
                metadata:
                  apiVersion: kubernetes.external-secrets.io/v1alpha1
                  kind: PushSecretMetadata
                  spec: {labels: {team: payments}, annotations: {owner: alice}}
              - match: {remoteRef: {remoteKey: whole}}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", PushSecretYaml.Ready(c));
        var creds = remote.TryGet(FakeResourceType.Secret, "prod", "db-creds");
        Assert.Equal("pw-1", Data(creds, "password"));
        Assert.Single(creds!["data"]!.AsObject());
        Assert.Equal("example.com/db", creds["type"]!.GetValue<string>());
        Assert.Equal("web", Label(creds, "app"));
        Assert.Equal("payments", Label(creds, "team"));
        Assert.Equal("secretskit", Label(creds, "managed-by"));
        Assert.Equal("alice", Annotation(creds, "owner"));
        Assert.Equal("from-source", Annotation(creds, "note"));
        var whole = remote.TryGet(FakeResourceType.Secret, "prod", "whole");
        Assert.Equal("pw-1", Data(whole, "pw"));
        Assert.Equal("app", Data(whole, "user"));
        Assert.Equal("secretskit", Label(whole, "managed-by"));

        var source = c.Server.TryGet(FakeResourceType.Secret, "default", "source")!;
        source["data"]!["pw"] = KubernetesProviderTests.B64("pw-2");
        c.Server.Replace(FakeResourceType.Secret, "default", "source", source);
        await c.PassAsync();

        Assert.Equal("pw-2", Data(remote.TryGet(FakeResourceType.Secret, "prod", "db-creds"), "password"));
        Assert.Equal("pw-2", Data(remote.TryGet(FakeResourceType.Secret, "prod", "whole"), "pw"));

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        Assert.Null(remote.TryGet(FakeResourceType.Secret, "prod", "db-creds"));
        Assert.Null(remote.TryGet(FakeResourceType.Secret, "prod", "whole"));
        Assert.NotNull(remote.TryGet(FakeResourceType.Secret, "prod", "db")); // never pushed: untouched
    }

    /// <summary>ESO's merge policies: Replace drops the remote's labels (and, for the source, the source Secret's); Ignore keeps the remote's.</summary>
    [Fact]
    public async Task Kubernetes_push_applies_target_and_source_merge_policies_and_keeps_other_keys_of_the_remote_secret()
    {
        await using var remote = await KubernetesProviderTests.RemoteAsync();
        Managed(remote, "replaced", new JsonObject { ["old"] = "1" }, ("other", "kept"));
        Managed(remote, "ignored", new JsonObject { ["old"] = "1" }, ("other", "kept"));
        await using var c = await ClusterAsync(remote);
        Push(c, """
            data:
              - match: {secretKey: pw, remoteRef: {remoteKey: replaced, property: password}}
                metadata:
                  apiVersion: kubernetes.external-secrets.io/v1alpha1
                  kind: PushSecretMetadata
                  spec: {targetMergePolicy: Replace, sourceMergePolicy: Replace, labels: {only: pushed}}
              - match: {secretKey: pw, remoteRef: {remoteKey: ignored, property: password}}
                metadata:
                  apiVersion: kubernetes.external-secrets.io/v1alpha1
                  kind: PushSecretMetadata
                  spec: {targetMergePolicy: Ignore, labels: {team: payments}}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", PushSecretYaml.Ready(c));
        var replaced = remote.TryGet(FakeResourceType.Secret, "prod", "replaced")!;
        Assert.Equal(["managed-by", "only"], replaced["metadata"]!["labels"]!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Null(replaced["metadata"]!["annotations"]);
        Assert.Equal("pw-1", Data(replaced, "password"));
        Assert.Equal("kept", Data(replaced, "other"));
        var ignored = remote.TryGet(FakeResourceType.Secret, "prod", "ignored")!;
        Assert.Equal(["managed-by", "old"], ignored["metadata"]!["labels"]!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal("yes", Annotation(ignored, "kept"));
        Assert.Equal("pw-1", Data(ignored, "password"));
        Assert.Equal("kept", Data(ignored, "other"));
    }

    [Fact]
    public async Task Kubernetes_push_refuses_a_remote_secret_the_agent_did_not_create_and_leaves_it_on_delete()
    {
        await using var remote = await KubernetesProviderTests.RemoteAsync();
        await using var c = await ClusterAsync(remote);
        var before = remote.TryGet(FakeResourceType.Secret, "prod", "db")!.ToJsonString();
        Push(c, """
            deletionPolicy: Delete
            data:
              - match: {secretKey: pw, remoteRef: {remoteKey: db, property: password}}
            """);

        await c.PassAsync();

        var ready = PushSecretYaml.Ready(c);
        Assert.StartsWith("False", ready, StringComparison.Ordinal);
        Assert.Contains("secret 'prod/db' exists and is not managed by secretskit", ready, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-1", ready, StringComparison.Ordinal);
        Assert.Equal(before, remote.TryGet(FakeResourceType.Secret, "prod", "db")!.ToJsonString());

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        Assert.Equal(before, remote.TryGet(FakeResourceType.Secret, "prod", "db")!.ToJsonString());
        Assert.DoesNotContain(remote.Requests, r => r.Method is "PUT" or "DELETE" or "POST" && r.Path.Contains("/secrets", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("spec: {remoteNamespace: other}", "remoteNamespace override is only supported with ClusterSecretStore")]
    [InlineData("spec: {labels: {managed-by: secretskit}}", "spec.labels may not set 'managed-by'")]
    [InlineData("spec: {targetMergePolicy: Clobber}", "unexpected target merge policy \"Clobber\"")]
    [InlineData("spec: {remoteKey: x}", "unknown field \"spec.remoteKey\"")]
    public async Task Kubernetes_push_refuses_hostile_metadata_before_writing_anything(string spec, string message)
    {
        await using var remote = await KubernetesProviderTests.RemoteAsync();
        await using var c = await ClusterAsync(remote);
        Push(c, $$$"""
            data:
              - match: {secretKey: pw, remoteRef: {remoteKey: fresh, property: password}}
                metadata:
                  apiVersion: kubernetes.external-secrets.io/v1alpha1
                  kind: PushSecretMetadata
                  {{{spec}}}
            """);

        await c.PassAsync();

        var ready = PushSecretYaml.Ready(c);
        Assert.StartsWith("False", ready, StringComparison.Ordinal);
        Assert.Contains(message, ready, StringComparison.Ordinal);
        Assert.Null(remote.TryGet(FakeResourceType.Secret, "prod", "fresh"));
        Assert.DoesNotContain(remote.Requests, r => r.Method is "PUT" or "DELETE" or "POST" && r.Path.Contains("/secrets", StringComparison.Ordinal));
    }

    /// <summary>A ClusterSecretStore's PushSecret may name another remote namespace (ESO); a name that is no namespace is refused.</summary>
    [Fact]
    public async Task Kubernetes_push_through_a_cluster_store_writes_the_metadata_remote_namespace_and_refuses_a_path_as_namespace()
    {
        await using var remote = await KubernetesProviderTests.RemoteAsync();
        remote.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "staging" } });
        await using var c = await ClusterAsync(remote, storeNamespace: null);
        Push(c, """
            data:
              - match: {secretKey: pw, remoteRef: {remoteKey: moved, property: password}}
                metadata: {apiVersion: kubernetes.external-secrets.io/v1alpha1, kind: PushSecretMetadata, spec: {remoteNamespace: staging}}
            """, storeKind: "ClusterSecretStore");

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", PushSecretYaml.Ready(c));
        Assert.Equal("pw-1", Data(remote.TryGet(FakeResourceType.Secret, "staging", "moved"), "password"));
        Assert.Null(remote.TryGet(FakeResourceType.Secret, "prod", "moved"));

        var ps = PushSecretYaml.Stored(c);
        ps["spec"]!["data"]![0]!["metadata"]!["spec"]!["remoteNamespace"] = "../kube-system";
        c.Server.Replace(FakeResourceType.PushSecret, "default", "push", ps);
        await c.PassAsync();

        Assert.Contains("spec.remoteNamespace \"../kube-system\" is not a namespace name", PushSecretYaml.Ready(c), StringComparison.Ordinal);
    }
}
