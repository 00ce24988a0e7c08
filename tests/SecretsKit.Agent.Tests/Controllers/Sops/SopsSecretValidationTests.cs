using System.Text.Json.Nodes;
using SecretsKit.Core.Metadata;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.Controllers.Sops.SopsTestKit;

namespace SecretsKit.Agent.Tests.Controllers.Sops;

public sealed class SopsSecretValidationTests
{
    private static async Task<(AgentCluster Cluster, Core.Age.GeneratedAgeKey Key)> TeamAAsync()
    {
        var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        var key = NewKey();
        c.KeySecret("team-a", key.KeysFileText);
        return (c, key);
    }

    [Fact]
    public async Task Document_without_namespaces_reports_NamespacesMissing_and_is_not_retried_until_the_spec_changes()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        c.SopsSecret("team-a", "app", Spec(Encrypt("stringData:\n    A: x-secret-1\n", key.Recipient)));

        await c.PassAsync();
        c.Time.Advance(TimeSpan.FromMinutes(5));
        await c.PassAsync();

        Assert.Equal("NamespacesMissing", c.Reason("team-a", "app"));
        Assert.Null(c.TargetSecret("team-a", "app"));
        Assert.Equal(1, c.Controller.Sops.Decrypts);
    }

    [Fact]
    public async Task Unknown_spec_field_is_pruned_by_the_api_server_with_a_warning_and_never_reaches_the_agent()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        var spec = Spec(Encrypt("namespaces: [team-a]\nstringData:\n    A: x\n", key.Recipient));
        spec["target"] = new JsonObject { ["immutable"] = true };
        c.SopsSecret("team-a", "app", spec);

        await c.PassAsync();

        // the chart's CRD does not declare spec.target.immutable: a real server drops it and warns the writer
        Assert.Contains("SopsSecret team-a/app: spec.target.immutable", c.Server.UnknownFields);
        Assert.Equal("True", c.SopsReady("team-a", "app")!["status"]!.GetValue<string>());
        Assert.Null(c.TargetSecret("team-a", "app")!["immutable"]);
    }

    [Fact]
    public async Task Wrong_key_reports_DecryptionFailed_naming_the_key_secret_without_key_material_or_values()
    {
        var (c, _) = await TeamAAsync();
        await using var __ = c;
        var other = NewKey();
        c.SopsSecret("team-a", "app", Spec(Encrypt("namespaces: [team-a]\nstringData:\n    A: x-secret-2\n", other.Recipient)));

        await c.PassAsync();

        Assert.Equal("DecryptionFailed", c.Reason("team-a", "app"));
        var message = c.Message("team-a", "app");
        Assert.Contains("Secret team-a/sops-age-key[identity.agekey]", message, StringComparison.Ordinal);
        Assert.Contains(other.Recipient, message, StringComparison.Ordinal);
        Assert.DoesNotContain("AGE-SECRET-KEY", message, StringComparison.Ordinal);
        Assert.DoesNotContain("x-secret-2", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_identity_in_the_key_secret_reports_InvalidKey_without_echoing_it()
    {
        await using var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        c.KeySecret("team-a", "# comment\nAGE-SECRET-KEY-1QQQQBROKENKEYMATERIALQQQQ\n");
        c.SopsSecret("team-a", "app", Spec(Encrypt("namespaces: [team-a]\n", NewKey().Recipient)));

        await c.PassAsync();

        Assert.Equal("InvalidKey", c.Reason("team-a", "app"));
        var message = c.Message("team-a", "app");
        Assert.Contains("Secret team-a/sops-age-key[identity.agekey] line 2", message, StringComparison.Ordinal);
        Assert.DoesNotContain("BROKENKEYMATERIAL", message, StringComparison.Ordinal);
        Assert.Equal(0, c.Controller.Sops.Decrypts);
    }

    [Fact]
    public async Task Nested_stringData_value_is_refused_with_InvalidDocument()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        c.SopsSecret("team-a", "app", Spec(Encrypt("namespaces: [team-a]\nstringData:\n    db:\n        password: nested-secret\n", key.Recipient)));

        await c.PassAsync();

        Assert.Equal("InvalidDocument", c.Reason("team-a", "app"));
        Assert.Contains("stringData.db", c.Message("team-a", "app"), StringComparison.Ordinal);
        Assert.DoesNotContain("nested-secret", c.Message("team-a", "app"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plaintext_namespaces_outside_the_MAC_are_refused_with_NamespacesNotProtected()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        var document = Encrypt("namespaces: [team-a]\nstringData:\n    A: x\n", key.Recipient,
            rules: new CryptRules(EncryptedRegex: "^stringData$"), macOnlyEncrypted: true);
        Assert.Contains("- team-a", document, StringComparison.Ordinal);
        c.SopsSecret("team-a", "app", Spec(document));

        await c.PassAsync();

        Assert.Equal("NamespacesNotProtected", c.Reason("team-a", "app"));
        Assert.Null(c.TargetSecret("team-a", "app"));
    }

    [Fact]
    public async Task Plaintext_namespaces_covered_by_the_MAC_are_accepted()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        var document = Encrypt("namespaces: [team-a]\nstringData:\n    A: x\n", key.Recipient, rules: new CryptRules(EncryptedRegex: "^stringData$"));
        c.SopsSecret("team-a", "app", Spec(document));

        await c.PassAsync();

        Assert.Equal("Decrypted", c.Reason("team-a", "app"));
        Assert.Equal("x", c.Value("team-a", "app", "A"));
    }

    [Fact]
    public async Task Plaintext_namespaces_edited_to_another_namespace_fail_the_MAC()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        c.Namespace("team-b");
        c.KeySecret("team-b", key.KeysFileText);
        var document = Encrypt("namespaces: [team-a]\nstringData:\n    A: x-secret-3\n", key.Recipient, rules: new CryptRules(EncryptedRegex: "^stringData$"));
        c.SopsSecret("team-b", "app", Spec(document.Replace("- team-a", "- team-b", StringComparison.Ordinal)));

        await c.PassAsync();

        Assert.Equal("MacMismatch", c.Reason("team-b", "app"));
        Assert.Null(c.TargetSecret("team-b", "app"));
    }

    [Theory]
    [InlineData("namespaces: [team-a]\nstringData:\n    A: plain\n")]
    [InlineData("namespaces: [team-a\n  broken: {\n")]
    [InlineData("{\"namespaces\": [\"team-a\"]")]
    public async Task Text_that_is_not_a_sops_document_reports_InvalidDocument_and_other_objects_still_reconcile(string text)
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        c.SopsSecret("team-a", "bad", Spec(text));
        c.SopsSecret("team-a", "good", Spec(Encrypt("namespaces: [team-a]\nstringData:\n    A: fine\n", key.Recipient)));

        await c.PassAsync();

        Assert.Equal("InvalidDocument", c.Reason("team-a", "bad"));
        Assert.Null(c.TargetSecret("team-a", "bad"));
        Assert.Equal("fine", c.Value("team-a", "good", "A"));
    }

    [Fact]
    public async Task Unknown_top_level_key_in_the_document_is_refused()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        c.SopsSecret("team-a", "app", Spec(Encrypt("namespaces: [team-a]\nstringData:\n    A: x\nextra: y\n", key.Recipient)));

        await c.PassAsync();

        Assert.Equal("InvalidDocument", c.Reason("team-a", "app"));
        Assert.Contains("'extra'", c.Message("team-a", "app"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_document_decrypts()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        c.SopsSecret("team-a", "app", Spec(Encrypt("""{"namespaces":["team-a"],"stringData":{"A":"json-value"}}""", key.Recipient, format: "json")));

        await c.PassAsync();

        Assert.Equal("json-value", c.Value("team-a", "app", "A"));
    }

    [Fact]
    public async Task Refresh_interval_redecrypts_only_after_interval_plus_jitter_and_drift_is_repaired_without_decrypting()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        var spec = Spec(Encrypt("namespaces: [team-a]\nstringData:\n    A: v1\n", key.Recipient));
        spec["refreshInterval"] = "10m";
        c.SopsSecret("team-a", "app", spec);
        await c.PassAsync();
        Assert.Equal(1, c.Controller.Sops.Decrypts);

        c.Server.Delete(FakeResourceType.Secret, "team-a", "app");
        c.Time.Advance(TimeSpan.FromMinutes(9));
        await c.PassAsync();
        Assert.Equal("v1", c.Value("team-a", "app", "A"));
        Assert.Equal(1, c.Controller.Sops.Decrypts);

        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();
        Assert.Equal(2, c.Controller.Sops.Decrypts);
    }

    [Fact]
    public async Task ReconcileOne_reports_when_the_object_is_due_again()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        var spec = Spec(Encrypt("namespaces: [team-a]\nstringData:\n    A: v1\n", key.Recipient));
        spec["refreshInterval"] = "10m";
        c.SopsSecret("team-a", "app", spec);
        c.SopsSecret("team-a", "nokey", Spec(Encrypt("namespaces: [team-a]\n", key.Recipient), keySecret: "absent"));
        c.SopsSecret("team-a", "elsewhere", Spec(Encrypt("namespaces: [team-b]\n", key.Recipient)));
        var sops = c.Controller.Sops;

        var refresh = await sops.ReconcileOneAsync("team-a", "app", CancellationToken.None);
        var retry = await sops.ReconcileOneAsync("team-a", "nokey", CancellationToken.None);
        var never = await sops.ReconcileOneAsync("team-a", "elsewhere", CancellationToken.None);
        c.Server.Delete(FakeResourceType.SopsSecret, "team-a", "app");
        var gone = await sops.ReconcileOneAsync("team-a", "app", CancellationToken.None);

        Assert.InRange(refresh!.Value, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(11));
        Assert.Equal(TimeSpan.FromSeconds(30), retry);
        Assert.Equal("NamespaceNotAllowed", c.Reason("team-a", "elsewhere"));
        Assert.Null(never);
        Assert.Null(gone);
        Assert.False(sops.TryGetState("team-a/app", out var __));
    }

    [Fact]
    public async Task Refresh_interval_zero_decrypts_once_per_generation()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        var spec = Spec(Encrypt("namespaces: [team-a]\nstringData:\n    A: v1\n", key.Recipient));
        spec["refreshInterval"] = "0";
        c.SopsSecret("team-a", "app", spec);
        await c.PassAsync();
        c.Time.Advance(TimeSpan.FromDays(2));
        await c.PassAsync();
        Assert.Equal(1, c.Controller.Sops.Decrypts);

        c.UpdateSopsSecret("team-a", "app", s => s["sops"] = Encrypt("namespaces: [team-a]\nstringData:\n    A: v2\n", key.Recipient));
        await c.PassAsync();
        Assert.Equal(2, c.Controller.Sops.Decrypts);
        Assert.Equal("v2", c.Value("team-a", "app", "A"));
    }

    [Fact]
    public async Task Merge_updates_only_its_keys_of_an_existing_secret_and_None_writes_nothing()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        var document = Encrypt("namespaces: [team-a]\nstringData:\n    A: merged\n", key.Recipient);
        c.Secret("team-a", "shared", new Dictionary<string, string> { ["keep"] = "k" });
        c.SopsSecret("team-a", "merge", Spec(document, target: new JsonObject { ["name"] = "shared", ["creationPolicy"] = "Merge" }));
        c.SopsSecret("team-a", "missing", Spec(document, target: new JsonObject { ["name"] = "absent", ["creationPolicy"] = "Merge" }));
        c.SopsSecret("team-a", "none", Spec(document, target: new JsonObject { ["creationPolicy"] = "None" }));

        await c.PassAsync();

        Assert.Equal("k", c.Value("team-a", "shared", "keep"));
        Assert.Equal("merged", c.Value("team-a", "shared", "A"));
        Assert.Null(c.TargetSecret("team-a", "shared")!["metadata"]!["ownerReferences"]);
        Assert.Equal("SecretWriteFailed", c.Reason("team-a", "missing"));
        Assert.Null(c.TargetSecret("team-a", "absent"));
        Assert.Equal("Decrypted", c.Reason("team-a", "none"));
        Assert.Null(c.TargetSecret("team-a", "none"));
    }

    [Fact]
    public async Task Secret_controlled_by_another_owner_is_not_overwritten()
    {
        var (c, key) = await TeamAAsync();
        await using var _ = c;
        // its controller exists (a Secret whose owners are all gone is the garbage collector's)
        var es = c.Server.Create(FakeResourceType.ExternalSecret, "team-a", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "es" },
            ["spec"] = new JsonObject { ["secretStoreRef"] = new JsonObject { ["name"] = "none", ["kind"] = "SecretStore" } },
        });
        c.Server.Create(FakeResourceType.Secret, "team-a", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "app",
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "external-secrets.io/v1", ["kind"] = "ExternalSecret", ["name"] = "es", ["uid"] = es["metadata"]!["uid"]!.DeepClone(), ["controller"] = true,
                }),
            },
            ["data"] = new JsonObject { ["A"] = "b3JpZ2luYWw=" },
        });
        c.SopsSecret("team-a", "app", Spec(Encrypt("namespaces: [team-a]\nstringData:\n    A: new\n", key.Recipient)));

        await c.PassAsync();

        Assert.Equal("TargetConflict", c.Reason("team-a", "app"));
        Assert.Equal("original", c.Value("team-a", "app", "A"));
    }
}
