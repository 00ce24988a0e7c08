using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Aws.Stores.Ssm;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Aws.Ssm;

namespace SecretsKit.Cloud.Tests.Aws.Ssm;

/// <summary>PushSecret to Parameter Store as ESO v2.9 makes it, with its metadata, against the strict fake.</summary>
public sealed class ParameterStorePushTests
{
    private static PushRef Ref(string key, string? spec = null, string? property = null, bool whole = false) => new(key, property)
    {
        Metadata = spec is null ? null : JsonNode.Parse($$"""{"apiVersion":"kubernetes.external-secrets.io/v1alpha1","kind":"PushSecretMetadata","spec":{{spec}}}"""),
        WholeSecret = whole,
    };

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_new_parameter_is_a_String_with_ESO_defaults_and_the_marker()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        await store.SetSecretAsync(Ref("/app/db"), Bytes("s3cr3t"));

        Assert.Equal(("s3cr3t", "String"), ssm.Latest("/app/db"));
        Assert.Equal(("secret 'managed-by:secretskit'", null, "Standard", null), ssm.AttributesOf("/app/db"));
        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "secretskit" }, ssm.TagsOf("/app/db"));
        Assert.True(await store.SecretExistsAsync(Ref("/app/db")));
        Assert.Equal("s3cr3t", Encoding.UTF8.GetString((await store.GetSecretAsync(new SecretRef("/app/db"))).Value));
    }

    [Fact]
    public async Task Every_metadata_field_lands_on_the_parameter()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        await store.SetSecretAsync(Ref("/app/db", """
            {"secretType":"SecureString","kmsKeyID":"alias/team","description":"the db","tags":{"team":"payments"},
             "tier":{"type":"Advanced","policies":[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00Z"}}]}}
            """), Bytes("s3cr3t"));

        Assert.Equal(("s3cr3t", "SecureString"), ssm.Latest("/app/db"));
        Assert.Equal(("the db", "alias/team", "Advanced", """[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00Z"}}]"""),
            ssm.AttributesOf("/app/db"));
        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "secretskit", ["team"] = "payments" }, ssm.TagsOf("/app/db"));
    }

    [Fact]
    public async Task A_SecureString_gets_the_default_ssm_key_and_a_String_none()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        await store.SetSecretAsync(Ref("/a", """{"secretType":"SecureString"}"""), Bytes("x"));
        await store.SetSecretAsync(Ref("/b", """{"kmsKeyID":"alias/unused"}"""), Bytes("x"));

        Assert.Equal("alias/aws/ssm", ssm.AttributesOf("/a").KeyId);
        Assert.Null(ssm.AttributesOf("/b").KeyId);
    }

    [Fact]
    public async Task An_update_overwrites_a_managed_parameter_and_brings_its_tags_in_step()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));
        await store.SetSecretAsync(Ref("/app", """{"tags":{"team":"a","old":"x"}}"""), Bytes("v1"));

        await store.SetSecretAsync(Ref("/app", """{"tags":{"team":"b"}}"""), Bytes("v2"));

        Assert.Equal(("v2", "String"), ssm.Latest("/app"));
        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "secretskit", ["team"] = "b" }, ssm.TagsOf("/app"));
        await store.SetSecretAsync(Ref("/app", """{"tags":{"team":"b"}}"""), Bytes("v2"));
        Assert.Equal(2, ssm.CallCount("PutParameter")); // same value: no new version
    }

    [Fact]
    public async Task A_parameter_the_agent_did_not_create_is_neither_overwritten_nor_deleted()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        ssm.PutParameter("/theirs", "keep");
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        await Assert.ThrowsAsync<SecretNotManagedException>(() => store.SetSecretAsync(Ref("/theirs"), Bytes("mine")));
        await store.DeleteSecretAsync(Ref("/theirs"));

        Assert.Equal(("keep", "String"), ssm.Latest("/theirs"));
        Assert.Equal(0, ssm.CallCount("PutParameter") + ssm.CallCount("DeleteParameter"));
    }

    [Fact]
    public async Task A_property_is_set_in_the_JSON_object_and_deleting_the_last_one_deletes_the_parameter()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        await store.SetSecretAsync(Ref("/app", property: "user"), Bytes("admin"));
        await store.SetSecretAsync(Ref("/app", property: "pass"), Bytes("pw"));
        Assert.Equal("""{"user":"admin","pass":"pw"}""", ssm.Latest("/app")!.Value.Value);
        Assert.True(await store.SecretExistsAsync(Ref("/app", property: "pass")));

        await store.DeleteSecretAsync(Ref("/app", property: "user"));
        Assert.Equal("""{"pass":"pw"}""", ssm.Latest("/app")!.Value.Value);
        await store.DeleteSecretAsync(Ref("/app", property: "pass"));
        Assert.Null(ssm.Latest("/app"));
        await store.DeleteSecretAsync(Ref("/app")); // absent: not an error
    }

    [Fact]
    public async Task A_whole_secret_is_pushed_with_base64_values_unless_encodeAsDecoded()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));
        var bundle = Bytes("""{"a":"one","b":"two"}""");

        await store.SetSecretAsync(Ref("/encoded", whole: true), bundle);
        await store.SetSecretAsync(Ref("/decoded", """{"encodeAsDecoded":true}""", whole: true), bundle);

        Assert.Equal("""{"a":"b25l","b":"dHdv"}""", ssm.Latest("/encoded")!.Value.Value);
        Assert.Equal("""{"a":"one","b":"two"}""", ssm.Latest("/decoded")!.Value.Value);
    }

    [Theory]
    [InlineData("""{"type":"SecureString"}""", "unknown field \"spec.type\"")]
    [InlineData("""{"tags":{"managed-by":"x"}}""", "may not set 'managed-by'")]
    [InlineData("""{"secretType":"Binary"}""", "spec.secretType must be String, StringList or SecureString")]
    [InlineData("""{"tier":{"type":"Advanced","policy":[]}}""", "unknown field \"spec.tier.policy\"")]
    [InlineData("""{"encodeAsDecoded":"yes"}""", "spec.encodeAsDecoded is not a boolean")]
    public async Task Hostile_metadata_is_refused_before_any_call(string spec, string message)
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => store.SetSecretAsync(Ref("/app", spec), Bytes("v")));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(ssm.Requests);
    }

    [Fact]
    public async Task A_Standard_value_over_4096_characters_fails_with_AWS_error()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.SetSecretAsync(Ref("/big"), Bytes(new string('x', 5000))));

        Assert.Contains("ValidationException", error.Message, StringComparison.Ordinal);
        Assert.Null(ssm.Latest("/big"));
    }
}
