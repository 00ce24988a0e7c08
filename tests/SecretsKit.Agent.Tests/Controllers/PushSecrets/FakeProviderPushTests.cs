using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// Issue #64 item 12: PushSecret tried locally on the <c>fake</c> provider, through the agent's controllers and the API
/// fake (the chart's CRDs), as ESO's fake provider takes pushes: a pushed key is read by later ExternalSecrets, a key the
/// store's spec holds is refused, and <c>deletionPolicy: Delete</c> removes what was pushed.
/// </summary>
public sealed class FakeProviderPushTests
{
    /// <summary>PushSecret <c>default/push</c> of key <c>token</c> of Secret <c>source</c> to <paramref name="remoteKey"/> of the fake store.</summary>
    private static void Create(AgentCluster c, string remoteKey) =>
        PushSecretYaml.Create(c, """
            refreshInterval: 1h
            deletionPolicy: Delete
            secretStoreRefs: [{name: fake, kind: SecretStore}]
            selector: {secret: {name: source}}
            """ + "\ndata: [{match: {secretKey: token, remoteRef: {remoteKey: " + remoteKey + "}}}]\n");

    [Fact]
    public async Task A_pushed_value_is_read_back_by_an_external_secret_and_deleted_with_the_push_secret()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("spec-key", "from-spec")));
        c.Secret("default", "source", new Dictionary<string, string> { ["token"] = "pushed-value" });
        Create(c, "app/token");
        c.ExternalSecret("default", "reader", Spec("fake", data: [("token", "app/token", null)]));

        await c.PassAsync(); // ExternalSecrets are reconciled before PushSecrets in a pass: the push lands after the read
        await c.PassAsync();

        Assert.StartsWith("True", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Equal("pushed-value", c.Value("default", "reader", "token"));

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();
        c.ExternalSecret("default", "after", Spec("fake", data: [("token", "app/token", null)]));
        await c.PassAsync();

        Assert.Null(c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")); // finalizer released after the delete
        Assert.Equal("False", c.ReadyStatus("default", "after"));
        Assert.Contains("app/token", c.ReadyMessage("default", "after"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "after"));
    }

    [Fact]
    public async Task A_push_to_a_key_of_the_stores_spec_is_refused_as_esos_fake_refuses_it()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("spec-key", "from-spec")));
        c.Secret("default", "source", new Dictionary<string, string> { ["token"] = "pushed-value" });
        Create(c, "spec-key");
        c.ExternalSecret("default", "reader", Spec("fake", data: [("v", "spec-key", null)]));

        await c.PassAsync();
        await c.PassAsync();

        Assert.StartsWith("False", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Contains("key 'spec-key' already exists in the store's spec.provider.fake.data", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Equal("from-spec", c.Value("default", "reader", "v"));
    }
}
