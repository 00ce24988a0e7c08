using System.Text;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>The rendered chart goes through the real kubectl (v1.32) into the HTTPS fake API server.</summary>
public sealed class ChartKubectlApplyTests
{
    private static readonly string KubectlBinary =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "kubectl"))
            .FirstOrDefault(File.Exists) ?? "/usr/bin/kubectl";

    /// <summary>The kinds the chart renders that the fake does not serve by default, registered like installed CRDs.</summary>
    private static readonly FakeResourceType[] ChartTypes =
    [
        new("", "v1", "serviceaccounts", "ServiceAccount", true, false, ["sa"]),
        new("", "v1", "services", "Service", true, true, ["svc"]),
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
        new("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true, ["pdb"]),
        new("monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor", true),
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, true, ["crd"]),
    ];

    public static TheoryData<string> Variants => ["cluster-wide", "scoped"];

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Kubectl_apply_of_the_rendered_chart_creates_every_object(string variant)
    {
        Assert.True(File.Exists(KubectlBinary), "kubectl v1.32 is expected on PATH (/usr/bin/kubectl)");
        var chart = variant == "scoped"
            ? AgentChart.Render(("scope.namespace", "team-a"), ("rolloutRestart.enabled", true))
            : AgentChart.Render(("crds.install", true), ("metrics.serviceMonitor.enabled", true));
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        foreach (var type in ChartTypes) server.RegisterType(type);
        server.AcceptToken("chart-token");
        using var dir = new TempDir();
        var kubeconfig = server.WriteKubeconfig(dir.File("kubeconfig"), "chart-token", ns: AgentChart.ReleaseNamespace);
        dir.Write("manifests.yaml", string.Join("---\n", chart.Documents.Select(d => d.Yaml)));

        var result = await KubectlAsync(dir, kubeconfig, "apply", "-f", "manifests.yaml");
        var stdout = Encoding.UTF8.GetString(result.StandardOutput);
        Assert.True(result.ExitCode == 0, $"kubectl apply failed ({result.ExitCode}): {result.StandardError}\n{stdout}");
        var types = FakeResourceType.Defaults.Concat(ChartTypes).ToList();
        foreach (var obj in chart.Objects)
        {
            var apiVersion = obj["apiVersion"]!.GetValue<string>();
            var kind = obj["kind"]!.GetValue<string>();
            var name = obj["metadata"]!["name"]!.GetValue<string>();
            var ns = obj["metadata"]!["namespace"]?.GetValue<string>();
            var type = Assert.Single(types, t => t.GroupVersion == apiVersion && t.Kind == kind);
            Assert.Contains($"{type.Singular}{(type.Group.Length == 0 ? "" : "." + type.Group)}/{name} created", stdout, StringComparison.Ordinal);
            var stored = server.TryGet(type, ns, name);
            Assert.True(stored is not null, $"{kind} {ns}/{name} not stored");
            Assert.Equal(Labels(obj), Labels(stored));
        }
        Assert.Equal(chart.Documents.Count, stdout.Split('\n').Count(l => l.EndsWith(" created", StringComparison.Ordinal)));

        // a second apply of the same manifests changes nothing
        var again = await KubectlAsync(dir, kubeconfig, "apply", "-f", "manifests.yaml");
        Assert.True(again.ExitCode == 0, again.StandardError);
        var againOut = Encoding.UTF8.GetString(again.StandardOutput);
        // (the PDB selector has patchStrategy=replace, so kubectl always sends it and reports "configured")
        var lines = againOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(chart.Documents.Count, lines.Length);
        Assert.All(lines, l => Assert.True(l.EndsWith(" unchanged", StringComparison.Ordinal)
            || (l.StartsWith("poddisruptionbudget.policy/", StringComparison.Ordinal) && l.EndsWith(" configured", StringComparison.Ordinal)), l));
    }

    private static SortedDictionary<string, string> Labels(System.Text.Json.Nodes.JsonObject obj) =>
        new(obj["metadata"]!["labels"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>()), StringComparer.Ordinal);

    private static async Task<ProcessResult> KubectlAsync(TempDir dir, string kubeconfig, params string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var env = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = dir.Path,
            ["KUBECONFIG"] = kubeconfig,
        };
        return await SystemProcessRunner.Instance.RunAsync(new ProcessSpec(KubectlBinary, args, null, env, dir.Path), cts.Token);
    }
}
