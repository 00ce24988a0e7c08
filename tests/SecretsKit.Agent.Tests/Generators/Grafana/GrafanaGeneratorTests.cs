using System.Text.Json.Nodes;
using SecretsKit.Testing.Grafana;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Grafana;

/// <summary>
/// ESO's <c>Grafana</c> generator against the Grafana fake (service account search, create, token create; Bearer or
/// Basic auth, Admin only), through the Kubernetes API fake with the chart's CRDs.
/// </summary>
public sealed class GrafanaGeneratorTests
{
    private static async Task<AgentCluster> ClusterAsync()
    {
        var c = await StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        return c;
    }

    private static JsonObject Spec(string url, JsonObject auth, string name = "ci", string role = "Viewer", long? secondsToLive = null)
    {
        var account = new JsonObject { ["name"] = name, ["role"] = role };
        if (secondsToLive is not null) account["secondsToLive"] = secondsToLive;
        return new JsonObject { ["url"] = url, ["auth"] = auth, ["serviceAccount"] = account };
    }

    private static JsonObject TokenAuth(string secret = "grafana-admin") => new() { ["token"] = new JsonObject { ["name"] = secret, ["key"] = "token" } };

    private static JsonObject BasicAuth(string user) => new()
    {
        ["basic"] = new JsonObject { ["username"] = user, ["password"] = new JsonObject { ["name"] = "grafana-basic", ["key"] = "password" } },
    };

    [Fact]
    public async Task Grafana_generator_creates_the_service_account_once_and_a_new_token_per_run_with_token_or_basic_auth()
    {
        await using var grafana = await FakeGrafanaServer.StartAsync("/grafana");
        await using var c = await ClusterAsync();
        var admin = grafana.AddServiceAccountToken("eso-admin", "Admin");
        grafana.AddUser("admin", "hunter2", "Admin");
        c.Secret("team-a", "grafana-admin", new Dictionary<string, string> { ["token"] = admin + "\n" });
        c.Secret("team-b", "grafana-basic", new Dictionary<string, string> { ["password"] = "hunter2" });
        var url = new Uri(grafana.BaseAddress, "/grafana").ToString();
        Generator(c, "Grafana", "team-a", "grafana", Spec(url, TokenAuth(), name: "CI Bot", role: "Editor", secondsToLive: 3600));
        Generator(c, "ClusterGenerator", null, "grafana", new JsonObject
        {
            ["kind"] = "Grafana",
            ["generator"] = new JsonObject { ["grafanaSpec"] = Spec(url + "/", BasicAuth("admin"), name: "CI Bot", role: "Editor") },
        });
        c.ExternalSecret("team-a", "grafana", GeneratorSpec(("Grafana", "grafana")));
        await c.PassAsync(); // creates the account
        c.ExternalSecret("team-b", "grafana", GeneratorSpec(("ClusterGenerator", "grafana")));

        await c.PassAsync(); // finds it

        Assert.True(c.ReadyStatus("team-a", "grafana") == "True", c.ReadyMessage("team-a", "grafana"));
        Assert.True(c.ReadyStatus("team-b", "grafana") == "True", c.ReadyMessage("team-b", "grafana"));
        var bot = Assert.Single(grafana.ServiceAccounts, a => a.Name == "CI Bot");
        Assert.Equal("Editor", bot.Role);
        Assert.Equal(bot.Login, c.Value("team-a", "grafana", "login"));
        Assert.Equal(bot.Login, c.Value("team-b", "grafana", "login"));
        var issued = grafana.Tokens.Where(t => t.ServiceAccountId == bot.Id).ToList();
        Assert.Equal(2, issued.Count);
        Assert.Equal(issued.Select(t => t.Key).Order(StringComparer.Ordinal),
            new[] { c.Value("team-a", "grafana", "token")!, c.Value("team-b", "grafana", "token")! }.Order(StringComparer.Ordinal));
        Assert.Contains(issued, t => t.SecondsToLive == 3600 && t.Key == c.Value("team-a", "grafana", "token"));
        Assert.Contains(issued, t => t.SecondsToLive is null && t.Key == c.Value("team-b", "grafana", "token"));
        Assert.All(issued, t => Assert.True(Guid.TryParse(t.Name, out _), t.Name)); // a random UUID per token, as ESO names them
        Assert.Equal(1, grafana.CallCount("create-service-account"));
        Assert.Equal(2, grafana.CallCount("search"));
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task Grafana_generator_reports_refused_credentials_a_missing_permission_a_missing_auth_and_another_namespaces_secret()
    {
        await using var grafana = await FakeGrafanaServer.StartAsync();
        await using var c = await ClusterAsync();
        var viewer = grafana.AddServiceAccountToken("dashboards", "Viewer");
        grafana.AddUser("admin", "hunter2", "Admin");
        c.Secret("team-a", "grafana-viewer", new Dictionary<string, string> { ["token"] = viewer });
        c.Secret("team-a", "grafana-basic", new Dictionary<string, string> { ["password"] = "not-hunter2" });
        c.Secret("team-b", "grafana-admin", new Dictionary<string, string> { ["token"] = grafana.AddServiceAccountToken("eso-admin", "Admin") });
        var url = grafana.BaseAddress.ToString();
        Generator(c, "Grafana", "team-a", "viewer", Spec(url, TokenAuth("grafana-viewer")));
        Generator(c, "Grafana", "team-a", "wrong", Spec(url, BasicAuth("admin")));
        Generator(c, "Grafana", "team-a", "none", Spec(url, new JsonObject()));
        Generator(c, "Grafana", "team-a", "foreign", Spec(url, TokenAuth())); // the Secret is team-b's: never read for team-a
        foreach (var name in new[] { "viewer", "wrong", "none", "foreign" }) c.ExternalSecret("team-a", name, GeneratorSpec(("Grafana", name)));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "viewer"));
        Assert.Contains("search service accounts: Grafana answered 403 Forbidden: You'll need additional permissions", c.ReadyMessage("team-a", "viewer"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "wrong"));
        Assert.Contains("search service accounts: Grafana answered 401 Unauthorized", c.ReadyMessage("team-a", "wrong"), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", c.ReadyMessage("team-a", "wrong"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "none"));
        Assert.Contains("no auth configuration found", c.ReadyMessage("team-a", "none"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "foreign"));
        Assert.Contains("secret team-a/grafana-admin (spec.auth.token) not found", c.ReadyMessage("team-a", "foreign"), StringComparison.Ordinal);
        Assert.Equal(2, grafana.CallCount("search"));
        Assert.Equal(0, grafana.CallCount("create-service-account"));
        Assert.Equal(2, grafana.Tokens.Count); // only the two bootstrap tokens
    }

    [Theory]
    [InlineData("http://169.254.169.254/", "link-local address")]
    [InlineData("http://[fe80::1]:3000/", "link-local address")]
    [InlineData("http://admin:hunter2@grafana.example/", "spec.url may not carry credentials")]
    [InlineData("https://grafana.example/?orgId=2", "is not an http(s) URL of a host")]
    [InlineData("file:///etc/passwd", "is not an http(s) URL of a host")]
    [InlineData("grafana.example", "is not an http(s) URL of a host")]
    public async Task Grafana_generator_never_sends_the_credentials_to_a_link_local_or_malformed_url(string url, string message)
    {
        await using var c = await ClusterAsync();
        c.Secret("team-a", "grafana-admin", new Dictionary<string, string> { ["token"] = "glsa_admin" });
        Generator(c, "Grafana", "team-a", "grafana", Spec(url, TokenAuth()));
        c.ExternalSecret("team-a", "grafana", GeneratorSpec(("Grafana", "grafana")));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "grafana"));
        Assert.Contains(message, c.ReadyMessage("team-a", "grafana"), StringComparison.Ordinal);
        Assert.DoesNotContain("glsa_admin", c.ReadyMessage("team-a", "grafana"), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", c.ReadyMessage("team-a", "grafana"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("team-a", "grafana"));
    }
}
