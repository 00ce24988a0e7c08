using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV026: a pod sets a sysctl outside the safe set of its Kubernetes version (pod security standards, baseline).</summary>
internal sealed class Ksv026UnsafeSysctls : WorkloadCheck
{
    private static readonly string[] Since10 =
        ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range"];

    private static readonly string[] Since127 = ["net.ipv4.ip_local_reserved_ports"];

    private static readonly string[] Since129 = ["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];

    private static readonly string[] Since132 = ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];

    public override string Id => "KSV026";

    public override string Title => "Unsafe sysctl options set";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o)
    {
        var allowed = Allowed(o.KubernetesVersion);
        foreach (var pod in o.Pods)
        {
            var sysctls = Rego.Entries(Rego.At(pod.SecurityContext, "sysctls")).Where(s => Rego.HasKey(s.Value, "name")).ToList();
            if (sysctls.FirstOrDefault(s => Rego.Text(Rego.At(s.Value, "name")) is not { } name || !allowed.Contains(name)) is { Key: { } key })
            {
                yield return new PolicyHit(pod.Below("spec.securityContext.sysctls" + key), "use only the safe sysctls");
            }
        }
    }

    /// <summary>The safe set of the newest listed version at or below <paramref name="version"/>; without a (semantic) version, the newest.</summary>
    private static HashSet<string> Allowed(string? version)
    {
        var known = KubeVersion.Compare(version, 1, 0) is >= 0;
        var set = new HashSet<string>(Since10, StringComparer.Ordinal);
        if (!known || KubeVersion.Compare(version, 1, 27) >= 0) set.UnionWith(Since127);
        if (!known || KubeVersion.Compare(version, 1, 29) >= 0) set.UnionWith(Since129);
        if (!known || KubeVersion.Compare(version, 1, 32) >= 0) set.UnionWith(Since132);
        return set;
    }
}
