using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.Controllers.Sops.SopsTestKit;

namespace SecretsKit.Agent.Tests.Controllers.Sops;

public sealed class SopsSecretReconcileTests
{
    private const string Plain = """
        namespaces:
            - team-a
        stringData:
            DB_USER: alice
            DB_PASSWORD: pw-one-7f3a
            PORT: 5432
        data:
            blob: aGVsbG8=
        """;

    private static async Task<AgentCluster> TeamsAsync()
    {
        var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        return c;
    }

    [Fact]
    public async Task Decrypts_into_owned_secret_in_allowed_namespace_with_key_from_secret()
    {
        await using var c = await TeamsAsync();
        var key = NewKey();
        c.KeySecret("team-a", key.KeysFileText);
        c.SopsSecret("team-a", "app", Spec(Encrypt(Plain, key.Recipient), target: new JsonObject
        {
            ["name"] = "app-secret",
            ["type"] = "kubernetes.io/basic-auth",
            ["labels"] = new JsonObject { ["team"] = "a" },
        }));

        await c.PassAsync();

        Assert.Equal("alice", c.Value("team-a", "app-secret", "DB_USER"));
        Assert.Equal("pw-one-7f3a", c.Value("team-a", "app-secret", "DB_PASSWORD"));
        Assert.Equal("5432", c.Value("team-a", "app-secret", "PORT"));
        Assert.Equal("hello", c.Value("team-a", "app-secret", "blob"));
        var secret = c.TargetSecret("team-a", "app-secret")!;
        Assert.Equal("kubernetes.io/basic-auth", secret["type"]!.GetValue<string>());
        Assert.Equal("a", secret["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal("true", secret["metadata"]!["labels"]!["reconcile.external-secrets.io/managed"]!.GetValue<string>());
        var owner = secret["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("SopsSecret", owner["kind"]!.GetValue<string>());
        Assert.Equal("secretskit.io/v1alpha1", owner["apiVersion"]!.GetValue<string>());
        Assert.True(owner["controller"]!.GetValue<bool>());

        var ready = c.SopsReady("team-a", "app")!;
        Assert.Equal("True", ready["status"]!.GetValue<string>());
        Assert.Equal("Decrypted", ready["reason"]!.GetValue<string>());
        var status = c.Server.TryGet(FakeResourceType.SopsSecret, "team-a", "app")!["status"]!;
        Assert.Equal(1, status["observedGeneration"]!.GetValue<long>());
        Assert.NotNull(status["lastDecryptedTime"]);
        Assert.Contains(c.SopsEvents("team-a", "app"), e => e is { Type: "Normal", Reason: "Decrypted" });
    }

    [Fact]
    public async Task Same_manifest_in_another_namespace_is_refused_with_NamespaceNotAllowed_and_writes_no_secret()
    {
        await using var c = await TeamsAsync();
        var key = NewKey();
        var document = Encrypt(Plain, key.Recipient);
        c.KeySecret("team-a", key.KeysFileText);
        c.KeySecret("team-b", key.KeysFileText);
        c.SopsSecret("team-a", "app", Spec(document));
        c.SopsSecret("team-b", "app", Spec(document));

        await c.PassAsync();

        Assert.Equal("alice", c.Value("team-a", "app", "DB_USER"));
        Assert.Null(c.TargetSecret("team-b", "app"));
        var ready = c.SopsReady("team-b", "app")!;
        Assert.Equal("False", ready["status"]!.GetValue<string>());
        Assert.Equal("NamespaceNotAllowed", ready["reason"]!.GetValue<string>());
        var message = ready["message"]!.GetValue<string>();
        Assert.Contains("'team-b'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("team-a", message, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", message, StringComparison.Ordinal);
        Assert.Contains(c.SopsEvents("team-b", "app"), e => e is { Type: "Warning", Reason: "NamespaceNotAllowed" });
    }

    public static TheoryData<string> Tampers => new() { "flip-ciphertext", "drop-value" };

    [Theory]
    [MemberData(nameof(Tampers))]
    public async Task Tampered_document_reports_MacMismatch_and_keeps_the_existing_secret(string tamper)
    {
        await using var c = await TeamsAsync();
        var key = NewKey();
        var document = Encrypt(Plain, key.Recipient);
        c.KeySecret("team-a", key.KeysFileText);
        c.SopsSecret("team-a", "app", Spec(document));
        await c.PassAsync();
        Assert.Equal("pw-one-7f3a", c.Value("team-a", "app", "DB_PASSWORD"));

        var lines = document.Split('\n').ToList();
        var at = lines.FindIndex(l => l.TrimStart().StartsWith("DB_PASSWORD:", StringComparison.Ordinal));
        if (tamper == "drop-value")
        {
            lines.RemoveAt(at);
        }
        else
        {
            var data = lines[at].IndexOf("data:", StringComparison.Ordinal) + 5;
            var chars = lines[at].ToCharArray();
            chars[data] = chars[data] == 'A' ? 'B' : 'A';
            lines[at] = new string(chars);
        }
        c.UpdateSopsSecret("team-a", "app", spec => spec["sops"] = string.Join('\n', lines));
        await c.PassAsync();

        Assert.Equal("MacMismatch", c.Reason("team-a", "app"));
        Assert.Equal("pw-one-7f3a", c.Value("team-a", "app", "DB_PASSWORD"));
        Assert.DoesNotContain("pw-one", c.Message("team-a", "app"), StringComparison.Ordinal);
        Assert.Contains(c.SopsEvents("team-a", "app"), e => e is { Type: "Warning", Reason: "MacMismatch" });
    }

    [Fact]
    public async Task Missing_key_secret_is_a_clear_condition_and_heals_once_the_secret_exists()
    {
        await using var c = await TeamsAsync();
        var key = NewKey();
        c.SopsSecret("team-a", "app", Spec(Encrypt(Plain, key.Recipient)));

        await c.PassAsync();

        Assert.Equal("KeySecretNotFound", c.Reason("team-a", "app"));
        Assert.Contains("team-a/sops-age-key", c.Message("team-a", "app"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("team-a", "app"));

        c.KeySecret("team-a", key.KeysFileText);
        await c.PassAsync();
        Assert.Equal("KeySecretNotFound", c.Reason("team-a", "app"));

        c.Time.Advance(TimeSpan.FromSeconds(31));
        await c.PassAsync();
        Assert.Equal("Decrypted", c.Reason("team-a", "app"));
        Assert.Equal("alice", c.Value("team-a", "app", "DB_USER"));
    }

    [Fact]
    public async Task Forbidden_key_secret_read_is_reported_on_the_object()
    {
        await using var c = await TeamsAsync();
        var key = NewKey();
        c.KeySecret("team-a", key.KeysFileText);
        c.SopsSecret("team-a", "app", Spec(Encrypt(Plain, key.Recipient)));
        c.Server.InjectFault("/secrets/sops-age-key", 403, times: 5, method: "GET");

        await c.PassAsync();

        Assert.Equal("KeySecretUnreadable", c.Reason("team-a", "app"));
        Assert.Contains("team-a/sops-age-key", c.Message("team-a", "app"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("team-a", "app"));
    }

    [Fact]
    public async Task Key_secret_of_another_namespace_cannot_be_used()
    {
        await using var c = await TeamsAsync();
        var key = NewKey();
        var document = Encrypt(Plain, key.Recipient);
        c.KeySecret("team-b", key.KeysFileText);
        var crossRef = Spec(document);
        crossRef["decryption"]!["keySecretRef"]!["namespace"] = "team-b";
        c.SopsSecret("team-a", "cross", crossRef);
        c.SopsSecret("team-a", "plain", Spec(document));

        await c.PassAsync();

        // the CRD has no keySecretRef.namespace: the server prunes it, so the key is looked up in team-a only
        Assert.Contains("SopsSecret team-a/cross: spec.decryption.keySecretRef.namespace", c.Server.UnknownFields);
        Assert.Equal("KeySecretNotFound", c.Reason("team-a", "cross"));
        Assert.Equal("KeySecretNotFound", c.Reason("team-a", "plain"));
        Assert.Null(c.TargetSecret("team-a", "cross"));
        Assert.Null(c.TargetSecret("team-a", "plain"));
    }

    [Fact]
    public async Task Post_quantum_identity_in_the_key_secret_decrypts_a_document_for_its_age1pq1_recipient()
    {
        await using var c = await TeamsAsync();
        var key = new SecretsKit.Core.Age.AgeKeyGenerator(TimeProvider.System).Generate(postQuantum: true);
        c.KeySecret("team-a", key.KeysFileText);
        c.SopsSecret("team-a", "app", Spec(Encrypt(Plain, key.Recipient)));

        await c.PassAsync();

        Assert.Equal("Decrypted", c.Reason("team-a", "app"));
        Assert.Equal("pw-one-7f3a", c.Value("team-a", "app", "DB_PASSWORD"));
    }

    [Fact]
    public async Task Updating_spec_sops_updates_the_secret_and_observed_generation()
    {
        await using var c = await TeamsAsync();
        var key = NewKey();
        c.KeySecret("team-a", key.KeysFileText);
        c.SopsSecret("team-a", "app", Spec(Encrypt(Plain, key.Recipient)));
        await c.PassAsync();

        c.UpdateSopsSecret("team-a", "app", spec => spec["sops"] = Encrypt(Plain.Replace("pw-one-7f3a", "pw-two-9c1d", StringComparison.Ordinal), key.Recipient));
        await c.PassAsync();

        Assert.Equal("pw-two-9c1d", c.Value("team-a", "app", "DB_PASSWORD"));
        var status = c.Server.TryGet(FakeResourceType.SopsSecret, "team-a", "app")!["status"]!;
        Assert.Equal(2, status["observedGeneration"]!.GetValue<long>());
        Assert.Equal("Decrypted", c.Reason("team-a", "app"));
    }

    [Fact]
    public async Task Example_manifest_from_the_repository_decrypts_in_team_a_with_the_example_key()
    {
        await using var c = await TeamsAsync();
        var root = SecretsKit.Testing.Common.SharedFixtures.RepositoryRoot;
        var manifest = ManifestToJson(await File.ReadAllTextAsync(Path.Combine(root, "examples", "agent", "sopssecret.yaml")));
        c.KeySecret("team-a", await File.ReadAllTextAsync(Path.Combine(root, "examples", "keys", "age-example.txt")));
        c.Server.Create(FakeResourceType.SopsSecret, "team-a", manifest);

        await c.PassAsync();

        Assert.Equal("Decrypted", c.Reason("team-a", "app"));
        Assert.Equal("demo-user", c.Value("team-a", "app", "DB_USER"));
        Assert.Equal("""{"demo":true}""", c.Value("team-a", "app", "config.json"));
    }
}
