using System.Text.Json.Nodes;
using SecretsKit.Agent.Tests.Controllers.PushSecrets;
using SecretsKit.Agent.Tests.Generators;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Grafana;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.Controllers.PushSecrets.PushSecretYaml;

namespace SecretsKit.Agent.Tests.Controllers.GeneratorStates;

/// <summary>
/// A PushSecret whose source is a Grafana generator (<c>selector.generatorRef</c>) keeps each pushed token in a
/// GeneratorState under ESO's <c>__pushsecret</c> key: a re-push flags the previous one, collected after the grace period
/// (its token revoked), and deleting the PushSecret revokes the last one. Through the Kubernetes API fake, the Grafana fake
/// and the Secrets Manager fake as the push target.
/// </summary>
public sealed class PushSecretGeneratorStateTests
{
    [Fact]
    public async Task A_pushed_grafana_token_is_kept_in_a_generator_state_and_revoked_once_replaced_or_when_the_push_secret_goes()
    {
        await using var grafana = await FakeGrafanaServer.StartAsync();
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        var stateType = c.Server.Types.Single(t => t.Kind == "GeneratorState");
        c.Secret("default", "grafana-admin", new Dictionary<string, string> { ["token"] = grafana.AddServiceAccountToken("eso-admin", "Admin") });
        GeneratorTests.Generator(c, "Grafana", "default", "grafana", GeneratorStateHarness.GrafanaSpec(grafana.BaseAddress.ToString()));
        Create(c, """
            secretStoreRefs: [{name: aws, kind: SecretStore}]
            selector:
              generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: Grafana, name: grafana}
            data:
              - match: {secretKey: token, remoteRef: {remoteKey: grafana/token}}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        var first = Assert.Single(c.Server.All(stateType));
        var firstToken = Assert.Single(grafana.Tokens, t => t.Key == sm.Current("grafana/token"));
        Assert.Equal(firstToken.Id, GeneratorStateHarness.TokenIdOf(first));
        Assert.StartsWith("gen-pushsecret-push-", first["metadata"]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
        // SHA3-224 of "PushSecret-default-push-__pushsecret" (Python's hashlib.sha3_224)
        Assert.Equal("f86d03a31c1c62e4f96b63051dd0bdde13c8687c9d9963243dd12f62",
            first["metadata"]!["labels"]!["generators.external-secrets.io/owner-key"]!.GetValue<string>());
        var owner = Assert.Single(first["metadata"]!["ownerReferences"]!.AsArray())!;
        Assert.Equal(("external-secrets.io/v1alpha1", "PushSecret", Stored(c)["metadata"]!["uid"]!.GetValue<string>()),
            (owner["apiVersion"]!.GetValue<string>(), owner["kind"]!.GetValue<string>(), owner["uid"]!.GetValue<string>()));

        var push = Stored(c);
        push["spec"]!["refreshInterval"] = "2h"; // a new generation pushes a new token
        c.Server.Replace(FakeResourceType.PushSecret, "default", "push", push);
        await c.PassAsync();

        var secondToken = Assert.Single(grafana.Tokens, t => t.Key == sm.Current("grafana/token"));
        Assert.NotEqual(firstToken.Id, secondToken.Id);
        Assert.Equal(2, c.Server.All(stateType).Count);
        var flagged = Assert.Single(c.Server.All(stateType), s => s["spec"]?["garbageCollectionDeadline"] is not null);
        Assert.Equal(firstToken.Id, GeneratorStateHarness.TokenIdOf(flagged));
        Assert.Empty(grafana.DeletedTokens);

        c.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1)); // the default grace period
        await c.PassAsync(); // deleted at its deadline
        await c.PassAsync(); // its finalizer revokes the token

        Assert.Equal(firstToken.Id, Assert.Single(grafana.DeletedTokens).Id);
        Assert.Equal(secondToken.Id, GeneratorStateHarness.TokenIdOf(Assert.Single(c.Server.All(stateType))));

        c.Server.Delete(FakeResourceType.PushSecret, "default", "push");
        await c.PassAsync();

        Assert.Empty(c.Server.All(stateType));
        Assert.Equal([firstToken.Id, secondToken.Id], grafana.DeletedTokens.Select(t => t.Id));
    }
}
