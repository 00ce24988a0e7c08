using System.Text.Json.Nodes;
using SecretsKit.Testing.Tls;
using SecretsKit.Testing.Webhook;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>
/// ESO's webhook <c>auth.ntlm</c>, store and generator, against the webhook fake in NTLM mode (<see cref="NtlmAcceptor"/>:
/// the handshake bound to one TCP connection, the client's NTLMv2 answer checked against the password): the right
/// password reads, a wrong one is a one-line error without it, and the password is never sent as Basic.
/// </summary>
public sealed class WebhookNtlmTests
{
    private const string Password = "Ntlm-P@ss-9f27";

    private static JsonObject Ntlm() => new()
    {
        ["usernameSecret"] = new JsonObject { ["name"] = "ntlm-account", ["key"] = "username" },
        ["passwordSecret"] = new JsonObject { ["name"] = "ntlm-account", ["key"] = "password" },
    };

    private static void Account(AgentCluster c, string ns, string password, string user = @"CORP\svc-sync") =>
        c.Secret(ns, "ntlm-account", new Dictionary<string, string> { ["username"] = user, ["password"] = password });

    private static JsonObject Store(FakeWebhookServer server) => new()
    {
        ["webhook"] = new JsonObject
        {
            ["url"] = server.BaseAddress + "secrets/{{ .remoteRef.key }}",
            ["auth"] = new JsonObject { ["ntlm"] = Ntlm() },
            ["result"] = new JsonObject(),
        },
    };

    /// <summary>Over TLS to a private CA given as <c>caBundle</c>: NTLM keeps the store's trust (ESO's NTLM transport drops it).</summary>
    [Fact]
    public async Task Webhook_store_with_auth_ntlm_reads_through_the_ntlm_handshake_and_a_wrong_password_is_a_401_without_the_password()
    {
        using var ca = TestCertificateAuthority.Create("Private Webhook CA");
        using var certificate = ca.IssueServerCertificate();
        await using var server = await FakeWebhookServer.StartNtlmAsync("svc-sync", "CORP", Password, certificate);
        Assert.Equal("https", server.BaseAddress.Scheme);
        server.Put("db", """{"password":"s3cret"}""");
        await using var c = await StartAsync();
        c.Namespace("team-b");
        Account(c, "default", Password);
        Account(c, "team-b", "not-the-" + Password);
        foreach (var ns in new[] { "default", "team-b" })
        {
            c.Store(ns, "ntlm", new JsonObject
            {
                ["webhook"] = new JsonObject
                {
                    ["url"] = server.BaseAddress + "secrets/{{ .remoteRef.key }}",
                    ["result"] = new JsonObject { ["jsonPath"] = "$.password" },
                    ["auth"] = new JsonObject { ["ntlm"] = Ntlm() },
                    ["caBundle"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ca.Certificate.ExportCertificatePem())),
                },
            });
            c.ExternalSecret(ns, "db", Spec("ntlm", data: [("password", "db", null)]));
        }

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "db") == "True", c.ReadyMessage("default", "db"));
        Assert.Equal("s3cret", c.Value("default", "db", "password"));
        Assert.Equal("False", c.ReadyStatus("team-b", "db"));
        var message = c.ReadyMessage("team-b", "db");
        Assert.Contains("endpoint gave error 401", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.Null(c.TargetSecret("team-b", "db"));
        Assert.True(server.Ntlm!.Accepted >= 1);
        Assert.True(server.Ntlm.Rejected >= 1);
        Assert.Equal(0, server.Ntlm.BasicAttempts);
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task Webhook_generator_with_auth_ntlm_posts_through_the_ntlm_handshake_and_a_wrong_password_fails_without_it()
    {
        await using var server = await FakeWebhookServer.StartNtlmAsync("svc-sync", "CORP", Password);
        await using var c = await StartAsync();
        c.Namespace("team-b");
        Account(c, "default", Password);
        Account(c, "team-b", "not-the-" + Password);
        Generator(c, "ClusterGenerator", null, "issuer", new JsonObject
        {
            ["kind"] = "Webhook",
            ["generator"] = new JsonObject
            {
                ["webhookSpec"] = new JsonObject
                {
                    ["url"] = server.BaseAddress + "tokens",
                    ["method"] = "POST",
                    ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                    ["body"] = """{"client":"ci-runner"}""",
                    ["result"] = new JsonObject { ["jsonPath"] = "$.data" },
                    ["auth"] = new JsonObject { ["ntlm"] = Ntlm() },
                },
            },
        });
        c.ExternalSecret("default", "issued", GeneratorSpec(("ClusterGenerator", "issuer")));
        c.ExternalSecret("team-b", "issued", GeneratorSpec(("ClusterGenerator", "issuer")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "issued") == "True", c.ReadyMessage("default", "issued"));
        Assert.Equal("ci-runner", c.Value("default", "issued", "client"));
        Assert.StartsWith("tok-", c.Value("default", "issued", "token"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-b", "issued"));
        Assert.Contains("endpoint gave error 401", c.ReadyMessage("team-b", "issued"), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, c.ReadyMessage("team-b", "issued"), StringComparison.Ordinal);
        Assert.Equal(0, server.Ntlm!.BasicAttempts);
    }

    /// <summary>A server that asks for another scheme (here Bearer) never gets the NTLM password, in clear or otherwise.</summary>
    [Fact]
    public async Task Webhook_store_with_auth_ntlm_sends_no_credentials_to_a_server_that_does_not_ask_for_ntlm()
    {
        await using var server = await FakeWebhookServer.StartAsync();
        server.Put("db", """{"password":"s3cret"}""");
        await using var c = await StartAsync();
        Account(c, "default", Password);
        c.Store("default", "ntlm", Store(server));
        c.ExternalSecret("default", "db", Spec("ntlm", data: [("password", "db", null)]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "db"));
        Assert.Contains("endpoint gave error 401", c.ReadyMessage("default", "db"), StringComparison.Ordinal);
        Assert.NotEmpty(server.Requests);
        Assert.All(server.Requests, r => Assert.Null(r.Header("Authorization")));
    }

    /// <summary>Credentials .NET's NTLM client cannot use (an empty user after the domain, a password over Windows' 128 characters) are named before any request.</summary>
    [Fact]
    public async Task Webhook_store_with_an_unusable_ntlm_account_is_a_config_error_before_any_request()
    {
        await using var server = await FakeWebhookServer.StartNtlmAsync("svc-sync", "CORP", Password);
        await using var c = await StartAsync();
        c.Namespace("team-b");
        var overlong = new string('p', 129);
        Account(c, "default", overlong);
        Account(c, "team-b", Password, @"CORP\");
        foreach (var ns in new[] { "default", "team-b" })
        {
            c.Store(ns, "ntlm", Store(server));
            c.ExternalSecret(ns, "db", Spec("ntlm", data: [("password", "db", null)]));
        }

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "db"));
        Assert.Contains("auth.ntlm password is longer than 128 characters", c.ReadyMessage("default", "db"), StringComparison.Ordinal);
        Assert.DoesNotContain(overlong, c.ReadyMessage("default", "db"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-b", "db"));
        Assert.Contains("auth.ntlm needs a non-empty username and password", c.ReadyMessage("team-b", "db"), StringComparison.Ordinal);
        Assert.Equal(0, server.TotalCalls);
    }
}
