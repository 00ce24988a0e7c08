using SecretsKit.Deploy.Tests.Release;

using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release.HelmCalls;

public sealed class HelmCommandLinesTests
{
    private static ReleaseTarget Target(HelmDefaults defaults, string? envContext = null, string? version = "0.1.0") =>
        new(new ReleaseSpec("app", "web", "./chart", version, new Dictionary<string, string>(), true, [], [], [], [], 1),
            new ReleaseEnvironment("dev", envContext, [], []), defaults);

    [Fact]
    public void Upgrade_carries_every_default_as_helm_flags_and_the_environment_context_wins()
    {
        var t = Target(new HelmDefaults(CleanupOnFail: true, KubeContext: "fallback"), envContext: "kind-dev");
        Assert.Equal(
            ["upgrade", "--install", "app", "./chart", "-n", "web", "--version", "0.1.0", "--atomic", "--wait", "--timeout", "300s",
             "--history-max", "10", "--create-namespace", "--cleanup-on-fail", "--kube-context", "kind-dev", "-f", "v.yaml"],
            HelmCommandLines.Upgrade(t, ["-f", "v.yaml"]));
    }

    [Fact]
    public void Switched_off_defaults_drop_their_flags()
    {
        var t = Target(new HelmDefaults(Atomic: false, Wait: false, Timeout: 60, HistoryMax: 3, CreateNamespace: false), version: null);
        Assert.Equal(["upgrade", "--install", "app", "./chart", "-n", "web", "--timeout", "60s", "--history-max", "3"], HelmCommandLines.Upgrade(t, []));
    }

    [Fact]
    public void The_other_stages_have_helms_own_shapes()
    {
        var t = Target(new HelmDefaults(KubeContext: "ctx"));
        Assert.Equal(["lint", "./chart", "-f", "a"], HelmCommandLines.Lint(t, ["-f", "a"]));
        Assert.Equal(["template", "app", "./chart", "-n", "web", "--include-crds", "--version", "0.1.0", "-f", "a"], HelmCommandLines.Template(t, ["-f", "a"]));
        Assert.Equal(["get", "manifest", "app", "-n", "web", "--kube-context", "ctx"], HelmCommandLines.GetManifest(t));
        Assert.Equal(["test", "app", "-n", "web", "--kube-context", "ctx"], HelmCommandLines.Test(t));
        Assert.Equal(["history", "app", "-n", "web", "-o", "json", "--kube-context", "ctx"], HelmCommandLines.History(t));
        Assert.Equal(["rollback", "app", "4", "-n", "web", "--kube-context", "ctx"], HelmCommandLines.Rollback(t, 4));
        Assert.Equal(["uninstall", "app", "-n", "web", "--kube-context", "ctx"], HelmCommandLines.Uninstall(t));
        Assert.Equal(["status", "app", "-n", "web", "-o", "json", "--kube-context", "ctx"], HelmCommandLines.Status(t));
    }
}
