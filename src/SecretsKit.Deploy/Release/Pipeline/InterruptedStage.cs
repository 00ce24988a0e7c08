using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// What a run says of a helm call a signal interrupted: which stage, and, for a stage that changes the release in the
/// cluster (upgrade, rollback, uninstall), that helm may have left the release in a <c>pending-*</c> state, in which it
/// refuses every later upgrade ("another operation (install/upgrade/rollback) is in progress"), and how to recover.
/// </summary>
internal static class InterruptedStage
{
    public static string Describe(ReleaseTarget target, string stage, int exitCode)
    {
        var line = $"secretskit: release {target.Id}: helm {stage} interrupted (helm exit {exitCode})\n";
        var pending = stage switch
        {
            "upgrade" => "pending-upgrade (pending-install on a first install)",
            "rollback" => "pending-rollback",
            "uninstall" => "uninstalling",
            _ => null,
        };
        if (pending is null) return line;
        var context = target.KubeContext is { Length: > 0 } c ? " --kube-context " + c : "";
        var release = $"{target.Name} -n {target.Namespace}{context}";
        return line
            + $"  | helm may have left the release {pending}: helm then refuses every upgrade of it until that is resolved\n"
            + $"  | see its last revision:  helm history {release} --max 5\n"
            + $"  | if that one is pending-*: helm rollback {release}   (back to the revision before it)\n"
            + $"  |   or, when it is the only revision (a first install): helm uninstall {release}\n"
            + "  | then run the release again\n";
    }
}
