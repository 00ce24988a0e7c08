using SecretsKit.Testing.Aws.SecretsManager;
using static SecretsKit.Agent.Tests.Controllers.PushSecrets.PushSecretYaml;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// PushSecret <c>dataTo</c> (bulk push) with the examples and results of ESO's pushsecret-datato guide, through the API
/// fake with the chart's CRDs and the Secrets Manager wire fake: the remote names and values the fake holds, the status.
/// </summary>
public sealed class PushSecretDataToTests
{
    private static readonly Dictionary<string, string> AppSecrets = new()
    {
        ["DB_HOST"] = "localhost", ["DB_USER"] = "admin", ["DB_PASS"] = "s3cr3t", ["API_TOKEN"] = "tok",
    };

    [Fact]
    public async Task Bundle_mode_pushes_the_keys_matching_the_regexp_as_one_json_object_under_remoteKey()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "app-secrets", AppSecrets);
        CreateFromAppSecrets(c, """
            dataTo:
              - storeRef: {name: aws}
                remoteKey: my-app/db-config
                match: {regexp: "^DB_"}
                metadata:
                  apiVersion: kubernetes.external-secrets.io/v1alpha1
                  kind: PushSecretMetadata
                  spec: {secretPushFormat: string}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        Assert.Equal("""{"DB_HOST":"localhost","DB_PASS":"s3cr3t","DB_USER":"admin"}""", sm.Current("my-app/db-config"));
        Assert.Equal(["my-app/db-config"], Synced(c, "SecretStore/aws"));
        Assert.Null(Stored(c)["status"]!["syncedPushSecrets"]!["SecretStore/aws"]!["my-app/db-config"]!["match"]!["secretKey"]);
    }

    [Fact]
    public async Task Per_key_mode_pushes_each_matching_key_renamed_by_chained_regexp_rewrites_and_a_transform()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "app-secrets", new Dictionary<string, string> { ["prod-db-host"] = "h", ["prod-db-port"] = "5432", ["other"] = "o", ["api-key"] = "k" });
        CreateFromAppSecrets(c, """
            dataTo:
              - storeRef: {name: aws}
                match: {regexp: "^prod-db-"}
                rewrite:
                  - regexp: {source: "^prod-", target: ""}
                  - regexp: {source: "^db-", target: "DATABASE_"}
              - storeRef: {name: aws}
                match: {regexp: "^api-"}
                rewrite:
                  - transform: {template: "{{ .value | upper }}"}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        Assert.Equal("h", sm.Current("DATABASE_host"));
        Assert.Equal("5432", sm.Current("DATABASE_port"));
        Assert.Equal("k", sm.Current("API-KEY"));
        Assert.Null(sm.Current("other"));
        Assert.Equal(["API-KEY", "DATABASE_host", "DATABASE_port"], Synced(c, "SecretStore/aws"));
    }

    [Fact]
    public async Task An_explicit_data_entry_overrides_dataTo_for_the_same_source_key()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "app-secrets", new Dictionary<string, string> { ["MASTER_PASSWORD"] = "m", ["APP_ENV"] = "prod" });
        CreateFromAppSecrets(c, """
            dataTo:
              - storeRef: {name: aws}
            data:
              - match:
                  secretKey: MASTER_PASSWORD
                  remoteRef: {remoteKey: myapp/security/master-password}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        Assert.Equal("m", sm.Current("myapp/security/master-password"));
        Assert.Equal("prod", sm.Current("APP_ENV"));
        Assert.Null(sm.Current("MASTER_PASSWORD"));
        Assert.Equal(["APP_ENV", "myapp/security/master-password"], Synced(c, "SecretStore/aws"));
    }

    [Fact]
    public async Task ReverseUnicode_decodes_escaped_key_names_before_matching_in_dataTo_and_before_the_secretKey_lookup_in_data()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "app-secrets", new Dictionary<string, string> { ["db_U002f_host"] = "h", ["db_U002f_pass"] = "p" });
        CreateFromAppSecrets(c, """
            dataTo:
              - storeRef: {name: aws}
                remoteKey: myapp/config
                match: {regexp: "^db/"}
                conversionStrategy: ReverseUnicode
            data:
              - conversionStrategy: ReverseUnicode
                match:
                  secretKey: db/pass
                  remoteRef: {remoteKey: myapp/db-pass}
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        Assert.Equal("""{"db/host":"h","db/pass":"p"}""", sm.Current("myapp/config"));
        Assert.Equal("p", sm.Current("myapp/db-pass"));
    }

    [Fact]
    public async Task Two_keys_rewritten_to_one_remote_key_fail_with_both_sources_named_and_push_nothing()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "app-secrets", new Dictionary<string, string> { ["a-x"] = "1", ["b-x"] = "2" });
        CreateFromAppSecrets(c, """
            dataTo:
              - storeRef: {name: aws}
                rewrite:
                  - regexp: {source: "^[ab]-", target: ""}
            """);

        await c.PassAsync();

        Assert.Equal("False: set secret failed: failed to expand dataTo: dataTo[0]: duplicate remote key \"x\" from source key \"b-x\" (conflicts with dataTo[0]:a-x)", Ready(c));
        Assert.Null(sm.Current("x"));
    }

    [Fact]
    public async Task A_dataTo_storeRef_not_listed_in_secretStoreRefs_is_an_error_before_anything_is_read()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "app-secrets", AppSecrets);
        CreateFromAppSecrets(c, """
            dataTo:
              - storeRef: {name: elsewhere}
            """);

        await c.PassAsync();

        Assert.Equal("False: dataTo[0]: storeRef \"elsewhere\" not found in secretStoreRefs", Ready(c));
    }

    [Fact]
    public async Task A_dataTo_label_selector_with_matchExpressions_picks_its_stores_among_those_secretStoreRefs_selected()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        LabelStore(c, "aws", new Dictionary<string, string> { ["tier"] = "prod", ["push"] = "yes" });
        c.Secret("default", "app-secrets", new Dictionary<string, string> { ["k"] = "v" });
        Create(c, """
            secretStoreRefs:
              - kind: SecretStore
                labelSelector:
                  matchExpressions: [{key: push, operator: Exists}]
            selector: {secret: {name: app-secrets}}
            dataTo:
              - storeRef:
                  labelSelector:
                    matchExpressions: [{key: tier, operator: In, values: [prod, staging]}]
                remoteKey: bundle
            """);

        await c.PassAsync();

        Assert.Equal("True: PushSecret synced successfully", Ready(c));
        Assert.Equal("""{"k":"v"}""", sm.Current("bundle"));
        Assert.Equal(["bundle"], Synced(c, "SecretStore/aws"));
    }

    [Fact]
    public async Task A_dataTo_label_selector_matching_none_of_the_selected_stores_is_an_error()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "app-secrets", new Dictionary<string, string> { ["k"] = "v" });
        CreateFromAppSecrets(c, """
            dataTo:
              - storeRef:
                  labelSelector: {matchLabels: {tier: prod}}
            """);

        await c.PassAsync();

        Assert.Equal("False: dataTo[0]: labelSelector does not match any store in secretStoreRefs", Ready(c));
        Assert.Null(sm.Current("k"));
    }
}
