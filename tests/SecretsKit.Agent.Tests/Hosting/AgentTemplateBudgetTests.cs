using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// Issue #44's hostile templates through the real agent process against the Kubernetes API fake: each budget class
/// (parse depth, nesting, template recursion, output before allocation, shared values printed, time) ends in a
/// condition (at most 2,000 characters) on its own ExternalSecret, the healthy ExternalSecret beside them syncs, and the process exits normally
/// (on a5bbe52 the first four killed it with a stack overflow, exit -6, on every restart).
/// </summary>
public sealed class AgentTemplateBudgetTests
{
    private static string Nested(string open, string close, int n) =>
        string.Concat(Enumerable.Repeat(open, n)) + "x" + string.Concat(Enumerable.Repeat(close, n));

    private static readonly (string Name, string Template, string Expected)[] Hostile =
    [
        ("parens", "{{ " + new string('(', 12_000) + "1" + new string(')', 12_000) + " }}", "max expression depth exceeded"),
        ("nested-if", Nested("{{ if 1 }}", "{{ end }}", 20_000), "max expression depth exceeded"),
        ("nested-range", Nested("{{ range list 1 }}", "{{ end }}", 20_000), "max expression depth exceeded"),
        ("recursion", "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}", "exceeded maximum template depth"),
        ("wide-printf", "{{ range splitList \",\" (repeat 200 \"a,\") }}{{ printf \"%1000000d\" 1 }}{{ end }}", "limit of 1048576"),
        ("self-list", "{{ $l := list 1 }}{{ range splitList \",\" (repeat 40 \"a,\") }}{{ $l = list $l $l }}{{ end }}{{ print $l }}", "output limit of 1048576"),
        ("spinning", "{{ range splitList \",\" (repeat 3000 \"a,\") }}{{ range splitList \",\" (repeat 3000 \"a,\") }}{{ end }}{{ end }}", "evaluation steps"),
    ];

    [Fact]
    public async Task Each_hostile_template_gets_a_condition_the_healthy_external_secret_syncs_and_the_agent_exits_normally()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        foreach (var (name, template, _) in Hostile)
        {
            server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
            {
                ["apiVersion"] = "external-secrets.io/v1",
                ["kind"] = "ExternalSecret",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
                ["spec"] = AgentCluster.Spec("fake", target: new JsonObject
                {
                    ["name"] = name,
                    ["template"] = new JsonObject { ["data"] = new JsonObject { ["x"] = template } },
                }, data: [("k", "k", null)]),
            });
        }
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) };
        await using var agent = AgentProcess.Start(home.Path, env, "--once", "--concurrency", "2");

        var code = await agent.ExitCodeAsync(TimeSpan.FromSeconds(90));

        Assert.True(code == 1, $"exit {code}\n{agent.Stdout}\n{agent.Stderr}");
        var lines = agent.Stdout.Split('\n');
        Assert.Contains("default/es: Ready SecretSynced -> Secret default/es (keys: k)", lines);
        foreach (var (name, _, expected) in Hostile)
        {
            var condition = server.TryGet(FakeResourceType.ExternalSecret, "default", name)!["status"]!["conditions"]![0]!;
            Assert.Equal("False", condition["status"]!.GetValue<string>());
            var message = condition["message"]!.GetValue<string>();
            Assert.Contains(expected, message, StringComparison.Ordinal);
            Assert.True(message.Length <= 2_000, $"{name}: a condition message of {message.Length:N0} characters"); // the tail included
            Assert.Null(server.TryGet(FakeResourceType.Secret, "default", name));
        }
        Assert.DoesNotContain("Stack overflow", agent.Stderr, StringComparison.Ordinal);
    }
}
