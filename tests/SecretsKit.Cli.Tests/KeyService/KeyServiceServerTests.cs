using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.KeyGroups;
using SecretsKit.Testing.HuaweiCloud;
using SecretsKit.Testing.Gcp;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>
/// <c>secretskit keyservice</c> answering an independent gRPC client (node's grpc-js, proto written from sops's field
/// numbers) on tcp and on a unix socket, for age, PGP and the cloud keys against the wire fakes. Only the server process
/// holds identities and credentials; the client sends key names and bytes.
/// </summary>
public sealed class KeyServiceServerTests
{
    private static readonly byte[] DataKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    private static JsonObject Call(string method, JsonObject key, byte[] data) =>
        new() { ["method"] = method, ["key"] = key, ["data"] = Convert.ToBase64String(data) };

    private static JsonObject Key(string kind, JsonObject fields) => new() { [kind] = fields };

    /// <summary>Encrypt then Decrypt through the server; returns the ciphertext (the text sops stores as enc).</summary>
    private static async Task<string> RoundTripAsync(KeyServiceServerProcess server, JsonObject key)
    {
        var results = await GrpcJsPeer.CallAsync(server.GrpcTarget, [Call("Encrypt", key, DataKey)]);
        Assert.True((int)results[0]!["code"]! == 0, results.ToJsonString() + server.Stderr);
        var ciphertext = Convert.FromBase64String((string)results[0]!["data"]!);
        var back = await GrpcJsPeer.CallAsync(server.GrpcTarget, [Call("Decrypt", (JsonObject)key.DeepClone(), ciphertext)]);
        Assert.True((int)back[0]!["code"]! == 0, back.ToJsonString() + server.Stderr);
        Assert.Equal(DataKey, Convert.FromBase64String((string)back[0]!["data"]!));
        Assert.DoesNotContain(Convert.ToBase64String(DataKey), server.Stderr, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(ciphertext);
    }

    [Fact]
    public async Task Age_on_tcp_returns_armored_age_that_real_age_decrypts_and_decrypts_it_back()
    {
        await using var server = await KeyServiceServerProcess.StartAsync(new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });
        var enc = await RoundTripAsync(server, Key("age_key", new JsonObject { ["recipient"] = TestKeys.AgeRecipient }));
        Assert.StartsWith("-----BEGIN AGE ENCRYPTED FILE-----", enc, StringComparison.Ordinal);
        var age = await ProcessRun.RunAsync("age", ["-d", "-i", TestKeys.AgeIdentityFile], stdin: Encoding.UTF8.GetBytes(enc));
        Assert.True(age.ExitCode == 0, age.Stderr);
        Assert.Equal(DataKey, age.Stdout);
        Assert.Contains($"decrypt request with age key {TestKeys.AgeRecipient}", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pgp_on_a_unix_socket_round_trips_and_sigterm_removes_the_socket()
    {
        using var gnupg = await GnupgHome.CreateAsync();
        using var dir = new TempDir();
        var socket = dir.File("ks.sock");
        var server = await KeyServiceServerProcess.StartAsync(gnupg.Env(), socket);
        await using (server)
        {
            Assert.Equal("unix://" + socket, server.Uri);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
            var enc = await RoundTripAsync(server, Key("pgp_key", new JsonObject { ["fingerprint"] = GnupgHome.Key1 }));
            Assert.StartsWith("-----BEGIN PGP MESSAGE-----", enc, StringComparison.Ordinal);
            Assert.Equal(DataKey, await gnupg.DecryptAsync(enc));
            Assert.Equal(0, await server.StopAsync());
        }
        Assert.False(File.Exists(socket));
        Assert.Contains("Caught signal SIGTERM: shutting down.", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kms_with_role_and_context_and_vault_transit_round_trip_against_the_fakes()
    {
        await using var fakes = await KmsAndTransitFakes.StartAsync();
        var arn = fakes.Kms.CreateKey("eu-west-1");
        var role = "arn:aws:iam::111122223333:role/sops-ks";
        await using var server = await KeyServiceServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDKEYSERVICE",
            ["AWS_SECRET_ACCESS_KEY"] = "ks-secret-never-shown",
            ["AWS_ENDPOINT_URL_KMS"] = fakes.Kms.BaseAddress.ToString(),
            ["AWS_ENDPOINT_URL_STS"] = fakes.Kms.BaseAddress.ToString(),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["VAULT_TOKEN"] = fakes.Vault.RootToken,
        });
        var kmsEnc = await RoundTripAsync(server, Key("kms_key", new JsonObject
        {
            ["arn"] = arn, ["role"] = role, ["context"] = new JsonObject { ["app"] = "web" },
        }));
        Assert.Equal(2, fakes.Kms.Calls.Count(c => c.Operation is "Encrypt" or "Decrypt"));
        Assert.True(Convert.FromBase64String(kmsEnc).Length > 0);

        var vault = new Uri(fakes.TransitKeyUri("ks"));
        var vaultEnc = await RoundTripAsync(server, Key("vault_key", new JsonObject
        {
            ["vault_address"] = vault.GetLeftPart(UriPartial.Authority), ["engine_path"] = "transit", ["key_name"] = "ks",
        }));
        Assert.StartsWith("vault:v1:", vaultEnc, StringComparison.Ordinal);
        Assert.DoesNotContain("ks-secret-never-shown", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gcp_kms_and_hckms_round_trip_against_the_fakes()
    {
        await using var gcp = await FakeGcpKmsServer.StartAsync();
        await using var hckms = await FakeHuaweiKmsServer.StartAsync();
        using var dir = new TempDir();
        var credentials = dir.Write("sa.json", gcp.CreateServiceAccount());
        var access = hckms.CreateAccessKey();
        await using var server = await KeyServiceServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["GOOGLE_APPLICATION_CREDENTIALS"] = credentials,
            ["SOPS_GCP_KMS_ENDPOINT"] = gcp.BaseAddress.ToString(),
            ["HUAWEICLOUD_SDK_AK"] = access.AccessKey,
            ["HUAWEICLOUD_SDK_SK"] = access.SecretKey,
            ["HUAWEICLOUD_SDK_PROJECT_ID"] = access.ProjectId,
            [hckms.EndpointVariable.Key] = hckms.EndpointVariable.Value,
        });
        await RoundTripAsync(server, Key("gcp_kms_key", new JsonObject { ["resource_id"] = gcp.CreateKey() }));
        await RoundTripAsync(server, Key("hckms_key", new JsonObject { ["key_id"] = hckms.CreateKey() }));
    }

    [Fact]
    public async Task Prompt_answers_a_request_on_y_and_refuses_the_next_on_n_with_permission_denied()
    {
        await using var server = await KeyServiceServerProcess.StartAsync(
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile }, null, "--prompt");
        await server.Process.StandardInput.WriteAsync("y\nn\n");
        await server.Process.StandardInput.FlushAsync();
        var key = Key("age_key", new JsonObject { ["recipient"] = TestKeys.AgeRecipient });
        var results = await GrpcJsPeer.CallAsync(server.GrpcTarget, [Call("Encrypt", key, DataKey), Call("Encrypt", (JsonObject)key.DeepClone(), DataKey)]);
        Assert.True((int)results[0]!["code"]! == 0, results.ToJsonString() + server.Stderr);
        Assert.Equal(7, (int)results[1]!["code"]!); // PERMISSION_DENIED, as sops
        Assert.Equal("Request rejected by user", (string)results[1]!["details"]!);
        Assert.Contains($"encrypt request with age key {TestKeys.AgeRecipient} rejected by the user", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_sops_status_codes_for_no_key_a_foreign_ciphertext_and_a_refused_prompt()
    {
        await using var server = await KeyServiceServerProcess.StartAsync(new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });
        var results = await GrpcJsPeer.CallAsync(server.GrpcTarget,
        [
            new JsonObject { ["method"] = "Encrypt", ["data"] = Convert.ToBase64String(DataKey) },
            Call("Decrypt", Key("age_key", new JsonObject { ["recipient"] = TestKeys.AgeRecipient }), Encoding.UTF8.GetBytes("not an age file")),
        ]);
        Assert.Equal(5, (int)results[0]!["code"]!); // NOT_FOUND "Must provide a key", as sops
        Assert.Equal("Must provide a key", (string)results[0]!["details"]!);
        Assert.Equal(2, (int)results[1]!["code"]!); // UNKNOWN with the key source's reason
    }
}
