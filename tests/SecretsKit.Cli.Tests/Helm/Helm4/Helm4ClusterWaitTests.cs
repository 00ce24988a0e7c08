using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Helm.Helm4;

/// <summary>
/// The real Helm 4.1.4's <c>--wait</c> (its default waiter: kstatus over client-go 0.35 informers, which open a streaming
/// list, <c>watch=true&amp;sendInitialEvents=true&amp;resourceVersionMatch=NotOlderThan</c>, and count themselves synced
/// only at the BOOKMARK annotated <c>k8s.io/initial-events-end</c>) finishes against the HTTPS Kubernetes API fake and
/// its cluster controllers, as it does against a real cluster. Before the fake served streaming lists, Helm 4 waited for
/// that bookmark until its timeout and reported the Deployment's status as Unknown.
/// </summary>
public sealed class Helm4ClusterWaitTests
{
    [Fact]
    public async Task Helm_4_upgrade_install_wait_reports_the_example_release_deployed_once_its_deployment_is_ready()
    {
        using var dir = new TempDir("sk-helm4-wait-");
        var home = dir.File("home");
        await using var cluster = await DocsCluster.StartAsync(home, []);
        var root = SharedFixtures.RepositoryRoot;
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = home, ["KUBECONFIG"] = null,
            ["XDG_CONFIG_HOME"] = null, ["XDG_DATA_HOME"] = null, ["XDG_CACHE_HOME"] = null, ["HELM_PLUGINS"] = null,
        };

        var r = await ProcessRun.RunAsync(Path.Combine(root, ".tools", "helm", RealHelm.Helm4Version, "helm"),
            ["upgrade", "--install", "web", Path.Combine(root, "examples", "helmfile", "charts", "web"),
             "-f", Path.Combine(root, "examples", "helmfile", "values", "worker.yaml"), "--wait", "--timeout", "120s"],
            env, null, dir.Path, TimeSpan.FromMinutes(4));

        var requests = cluster.Requests.Select(q => $"{q.Method} {q.Path}{q.Query} -> {q.StatusCode}").ToList();
        var why = $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}\nrequests:\n{string.Join('\n', requests.TakeLast(15))}";
        Assert.True(r.ExitCode == 0, why);
        Assert.Contains("STATUS: deployed", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains(requests, q => q.StartsWith("GET /apis/apps/v1/namespaces/default/deployments?", StringComparison.Ordinal)
            && q.Contains("sendInitialEvents=true", StringComparison.Ordinal) && q.Contains("watch=true", StringComparison.Ordinal));
        Assert.DoesNotContain("bookmark", r.Stderr, StringComparison.OrdinalIgnoreCase);
    }
}
