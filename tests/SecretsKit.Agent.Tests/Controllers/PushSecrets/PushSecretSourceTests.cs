using System.Text.Json.Nodes;
using SecretsKit.Agent.Tests.Generators;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.Controllers.PushSecrets.PushSecretYaml;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// A PushSecret's other sources and its template, as ESO's PushSecret controller runs them: <c>selector.generatorRef</c>
/// (the generator's output is pushed), <c>selector.secret.selector</c> (every matching Secret of the namespace), and
/// <c>template</c> (ExternalSecret's template engine over the source's data, the source's keys kept).
/// </summary>
public sealed class PushSecretSourceTests
{
    [Fact]
    public async Task A_fake_generatorRef_pushes_its_values_by_key_and_as_one_json_object()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        GeneratorTests.Generator(c, "Fake", "default", "fixed", new JsonObject { ["data"] = new JsonObject { ["user"] = "admin", ["pass"] = "p4ss" } });
        Create(c, """
            secretStoreRefs: [{name: aws, kind: SecretStore}]
            selector:
              generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: Fake, name: fixed}
            data:
              - match: {secretKey: pass, remoteRef: {remoteKey: gen/pass}}
              - match: {remoteRef: {remoteKey: gen/all}}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        Assert.Equal("p4ss", sm.Current("gen/pass"));
        Assert.Equal("""{"pass":"p4ss","user":"admin"}""", sm.Current("gen/all"));
    }

    [Fact]
    public async Task A_generated_uuid_is_pushed_and_a_generator_of_another_group_is_refused_with_esos_error()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        GeneratorTests.Generator(c, "UUID", "default", "id", new JsonObject());
        Create(c, """
            secretStoreRefs: [{name: aws, kind: SecretStore}]
            selector:
              generatorRef: {kind: UUID, name: id}
            data:
              - match: {secretKey: uuid, remoteRef: {remoteKey: gen/uuid}}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        Assert.True(Guid.TryParse(sm.Current("gen/uuid"), out _));

        var push = Stored(c);
        push["spec"]!["selector"]!["generatorRef"]!["apiVersion"] = "example.com/v1";
        c.Server.Replace(FakeResourceType.PushSecret, "default", "push", push);
        await c.PassAsync();

        Assert.Equal("False: could not get source secret: generatorRef may only reference the generators group, but got example.com", Ready(c));
    }

    [Fact]
    public async Task A_secret_label_selector_pushes_every_matching_secret_of_the_namespace_and_no_other()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        LabelledSecret(c, "team-a", new Dictionary<string, string> { ["push"] = "yes", ["team"] = "a" }, new Dictionary<string, string> { ["a-token"] = "ta" });
        LabelledSecret(c, "team-b", new Dictionary<string, string> { ["push"] = "yes", ["team"] = "b" }, new Dictionary<string, string> { ["b-token"] = "tb" });
        LabelledSecret(c, "quiet", new Dictionary<string, string> { ["push"] = "no" }, new Dictionary<string, string> { ["q-token"] = "tq" });
        c.Server.Create(FakeResourceType.Secret, "other", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "foreign", ["namespace"] = "other", ["labels"] = new JsonObject { ["push"] = "yes" } },
            ["data"] = new JsonObject { ["f-token"] = Convert.ToBase64String("tf"u8.ToArray()) },
        });
        Create(c, """
            secretStoreRefs: [{name: aws, kind: SecretStore}]
            selector:
              secret:
                selector:
                  matchLabels: {push: "yes"}
                  matchExpressions: [{key: team, operator: Exists}]
            dataTo:
              - storeRef: {name: aws}
                match: {regexp: "-token$"}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        Assert.Equal("ta", sm.Current("a-token"));
        Assert.Equal("tb", sm.Current("b-token"));
        Assert.Null(sm.Current("q-token"));
        Assert.Null(sm.Current("f-token"));
        Assert.Equal(["a-token", "b-token"], Synced(c, "SecretStore/aws"));
    }

    [Fact]
    public async Task A_template_adds_rendered_keys_from_data_and_templateFrom_while_the_source_keys_stay()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "db", new Dictionary<string, string> { ["user"] = "app", ["password"] = "pw" });
        c.Server.Create(FakeResourceType.ConfigMap, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "tpl", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["config.yaml"] = "host: db\nuser: {{ .user }}\n" },
        });
        Create(c, """
            secretStoreRefs: [{name: aws, kind: SecretStore}]
            selector: {secret: {name: db}}
            template:
              engineVersion: v2
              type: Opaque
              metadata:
                labels: {app: "{{ .user }}"}
              data:
                dsn: "postgres://{{ .user }}:{{ .password }}@db:5432/app"
              templateFrom:
                - configMap:
                    name: tpl
                    items: [{key: config.yaml, templateAs: Values}]
                - literal: "upper: {{ .user | upper }}"
            data:
              - match: {secretKey: dsn, remoteRef: {remoteKey: app/dsn}}
              - match: {remoteRef: {remoteKey: app/all}}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        Assert.Equal("postgres://app:pw@db:5432/app", sm.Current("app/dsn"));
        Assert.Equal("""{"config.yaml":"host: db\nuser: app\n","dsn":"postgres://app:pw@db:5432/app","password":"pw","upper":"APP","user":"app"}""", sm.Current("app/all"));
    }

    [Fact]
    public async Task A_template_that_fails_to_render_names_the_pushsecret_template_field()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "db", new Dictionary<string, string> { ["user"] = "app" });
        Create(c, """
            secretStoreRefs: [{name: aws, kind: SecretStore}]
            selector: {secret: {name: db}}
            template:
              data:
                dsn: "{{ .missing }}"
            data:
              - match: {secretKey: dsn, remoteRef: {remoteKey: app/dsn}}
            """);

        await c.PassAsync();

        Assert.StartsWith("False: could not execute template: ", Ready(c), StringComparison.Ordinal);
        Assert.Contains("spec.template.data.dsn", Ready(c), StringComparison.Ordinal);
        Assert.Null(sm.Current("app/dsn"));
    }
}
