using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// <c>release -e STAGE promote</c> for a stage of two environments on two clusters (<c>live: [prod, prod-us]</c>), through
/// the real <c>secretskit</c> and the real helm 3.10.1 against three Kubernetes API fakes: a gate refusing the first
/// environment stops the stage before the second one is touched (<c>fanOut.onFailure: stop</c>), and once it passes
/// both environments are promoted in order, each with its own record.
/// </summary>
public sealed class StageFanOutCliTests
{
    internal const string Promotion = """
        stages:
          - {name: dev, environments: [dev]}
          - {name: staging, environments: [staging], from: dev}
          - name: live
            environments: [prod, prod-us]
            from: staging
            gates: {sourceVerified: true, sameChart: true, secretKeys: same}
            fanOut: {order: sequential, onFailure: stop}
        lock: {namespace: secretskit-system, ttl: 60s, wait: 0s}

        """;

    [Fact]
    public async Task A_stage_of_two_environments_is_promoted_in_order_and_a_refused_first_one_stops_the_second()
    {
        await using var s = await PromotionSandbox.StartAsync(RealHelm.Version, Promotion, "prod-us");
        await AddEnvironmentAsync(s, "prod-us", like: "prod");
        var apply = await s.RunAsync("-e", "staging", "apply");
        Assert.True(apply.ExitCode == 0, apply.Stderr + apply.StdoutText);
        var prodUs = s.Cluster("prod-us");

        var secrets = Path.Combine(s.WorkDir, "secrets", "prod", "secrets.yaml");
        var original = File.ReadAllBytes(secrets);
        var set = await CliRunner.RunAsync(["set", "secrets/prod/secrets.yaml", "[\"secrets\"][\"stripeKey\"]", "\"demo-prod-stripe-9e1b\""], s.Env(), cwd: s.WorkDir);
        Assert.True(set.ExitCode == 0, set.Stderr);
        var refused = await s.RunAsync("-e", "live", "promote");
        Assert.True(refused.ExitCode == 10, refused.Stderr + refused.StdoutText);
        Assert.Contains("secretskit: stage live: promote prod (1 of 2)\n", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: error: gate secretKeys: shop/backend in prod has secrets.stripeKey that staging lacks", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: stage live: not run after a failure (onFailure: stop): prod-us\n", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("promote prod-us (2 of 2)", refused.Stderr, StringComparison.Ordinal);
        Assert.Null(PromotionSandbox.Lease(prodUs, "prod-us"));
        Assert.Empty(PromotionSandbox.Writes(prodUs));
        Assert.Empty(PromotionSandbox.HelmReleases(prodUs));
        Assert.Empty(PromotionSandbox.HelmReleases(s.Prod));
        File.WriteAllBytes(secrets, original);

        var promote = await s.RunAsync("-e", "live", "promote");
        Assert.True(promote.ExitCode == 0, promote.Stderr + promote.StdoutText);
        var first = promote.Stderr.IndexOf("stage live: promote prod (1 of 2)", StringComparison.Ordinal);
        var second = promote.Stderr.IndexOf("stage live: promote prod-us (2 of 2)", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, promote.Stderr);
        foreach (var (cluster, environment) in new[] { (s.Prod, "prod"), (prodUs, "prod-us") })
        {
            Assert.Contains("sh.helm.release.v1.backend.v1", PromotionSandbox.HelmReleases(cluster));
            var record = PromotionSandbox.Record(cluster, environment)!;
            Assert.Equal("live", record["stage"]!.GetValue<string>());
            Assert.Equal("staging", record["promotedFrom"]!["environment"]!.GetValue<string>());
            PromoteCliTests.AssertNoSecretIn(PromotionSandbox.RecordText(cluster, environment));
        }
    }

    /// <summary>
    /// Adds the environment <paramref name="name"/> on the kube context of that name, with <paramref name="like"/>'s values,
    /// and its secrets as <c>secretskit clone</c> makes them: <paramref name="like"/>'s values under a key and a creation rule
    /// of its own (two environments sharing a key would be refused by the recipients gate, SK-RECIPIENT-003).
    /// </summary>
    internal static async Task AddEnvironmentAsync(PromotionSandbox s, string name, string like)
    {
        var state = Path.Combine(s.WorkDir, "secretskit-release.yaml");
        var text = File.ReadAllText(state);
        var anchor = $"  {like}:\n    kubeContext: {like}\n";
        Assert.Contains(anchor, text, StringComparison.Ordinal);
        File.WriteAllText(state, text.Replace(anchor, anchor + $"  {name}:\n    kubeContext: {name}\n", StringComparison.Ordinal));
        foreach (var release in new[] { "backend", "frontend" })
        {
            File.Copy(Path.Combine(s.WorkDir, "values", release, like + ".yaml"), Path.Combine(s.WorkDir, "values", release, name + ".yaml"));
        }
        var key = Path.Combine(s.Home, name + "-key.txt");
        var keygen = await CliRunner.RunAsync(["keygen", "-o", key], s.Env(), cwd: s.WorkDir);
        Assert.True(keygen.ExitCode == 0, keygen.Stderr);
        var identity = File.ReadAllText(key);
        var recipient = System.Text.RegularExpressions.Regex.Match(identity, "age1[0-9a-z]+").Value;
        File.AppendAllText(Path.Combine(s.WorkDir, ".sops.yaml"), $"  - path_regex: secrets/{name}/[^/]+\\.yaml$\n    age: {recipient}\n");
        var keys = Path.Combine(s.Home, "keys.txt");
        File.WriteAllText(keys, File.ReadAllText(s.KeyFile) + "\n" + identity);
        s.KeyFile = keys;
        var clone = await CliRunner.RunAsync(["clone", $"secrets/{like}/secrets.yaml", $"secrets/{name}/secrets.yaml"], s.Env(), cwd: s.WorkDir);
        Assert.True(clone.ExitCode == 0, clone.Stderr);
    }
}
