using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Generators;

public sealed partial class GeneratorTests
{
    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV4();

    internal static FakeResourceType Type(AgentCluster c, string kind) => c.Server.Types.Single(t => t.Kind == kind && t.Group == "generators.external-secrets.io");

    internal static void Generator(AgentCluster c, string kind, string? ns, string name, JsonObject spec) =>
        c.Server.Create(Type(c, kind), ns, new JsonObject
        {
            ["apiVersion"] = "generators.external-secrets.io/v1alpha1",
            ["kind"] = kind,
            ["metadata"] = ns is null ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        });

    internal static JsonObject GeneratorSpec(params (string Kind, string Name)[] generators) => new()
    {
        ["refreshInterval"] = "1h",
        ["dataFrom"] = new JsonArray([.. generators.Select(g => (JsonNode)new JsonObject
        {
            ["sourceRef"] = new JsonObject
            {
                ["generatorRef"] = new JsonObject { ["apiVersion"] = "generators.external-secrets.io/v1alpha1", ["kind"] = g.Kind, ["name"] = g.Name },
            },
        })]),
    };

    [Fact]
    public async Task Password_and_uuid_are_generated_kept_across_passes_and_restarts_and_regenerated_on_force_sync_and_interval()
    {
        await using var c = await StartAsync();
        Generator(c, "Password", "default", "pw", new JsonObject
        {
            ["length"] = 32, ["digits"] = 8, ["symbols"] = 4, ["symbolCharacters"] = "-_", ["noUpper"] = true, ["allowRepeat"] = true,
        });
        Generator(c, "UUID", "default", "id", new JsonObject());
        c.ExternalSecret("default", "gen", GeneratorSpec(("Password", "pw"), ("UUID", "id")));

        await c.PassAsync();

        var password = c.Value("default", "gen", "password")!;
        Assert.Equal(32, password.Length);
        Assert.Equal(8, password.Count(char.IsAsciiDigit));
        Assert.Equal(4, password.Count(ch => ch is '-' or '_'));
        Assert.Equal(20, password.Count(char.IsAsciiLetterLower));
        var uuid = c.Value("default", "gen", "uuid")!;
        Assert.Matches(UuidV4(), uuid);

        await c.PassAsync();
        Assert.Equal(password, c.Value("default", "gen", "password")); // kept: not due
        Assert.Equal(uuid, c.Value("default", "gen", "uuid"));
        var restarted = new SecretsKit.Agent.Hosting.AgentController(c.Client, new AgentOptions(), c.Providers, c.Metrics, c.Time);
        await restarted.RunPassAsync(CancellationToken.None);
        Assert.Equal(password, c.Value("default", "gen", "password")); // a restarted agent resumes from the Secret

        var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "gen")!;
        es["metadata"]!["annotations"] = new JsonObject { ["force-sync"] = "1" };
        c.Server.Replace(FakeResourceType.ExternalSecret, "default", "gen", es);
        await c.PassAsync();
        var forced = c.Value("default", "gen", "password")!;
        Assert.NotEqual(password, forced);

        c.Time.Advance(TimeSpan.FromHours(1));
        await c.PassAsync();
        Assert.NotEqual(forced, c.Value("default", "gen", "password"));
        Assert.NotEqual(uuid, c.Value("default", "gen", "uuid"));
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task A_cluster_generator_serves_two_namespaces_with_their_own_values()
    {
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        Generator(c, "ClusterGenerator", null, "shared-pw", new JsonObject
        {
            ["kind"] = "Password",
            ["generator"] = new JsonObject { ["passwordSpec"] = new JsonObject { ["length"] = 40 } },
        });
        c.ExternalSecret("team-a", "db", GeneratorSpec(("ClusterGenerator", "shared-pw")));
        c.ExternalSecret("team-b", "db", GeneratorSpec(("ClusterGenerator", "shared-pw")));

        await c.PassAsync();

        var a = c.Value("team-a", "db", "password")!;
        var b = c.Value("team-b", "db", "password")!;
        Assert.Equal(40, a.Length);
        Assert.Equal(40, b.Length);
        Assert.Equal(10, a.Count(char.IsAsciiDigit)); // a quarter of the length by default
        Assert.Equal(a.Length, a.Distinct().Count()); // no repeats unless allowRepeat
        Assert.NotEqual(a, b);
        Assert.Equal("True", c.ReadyStatus("team-a", "db"));
    }
}
