using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Policy;

/// <summary>
/// trivy-checks' CIS control-plane checks (KCV0001–KCV0047) over the static Pods kubeadm writes: which flags of
/// kube-apiserver, kube-controller-manager, kube-scheduler and etcd each check reads, where the finding points, and that
/// containers running anything else are not judged.
/// </summary>
public sealed class ControlPlaneChecksTests
{
    /// <summary>kube-apiserver's flags in a kubeadm static Pod (kubeadm 1.31 defaults, one flag an item).</summary>
    private static readonly string[] KubeadmApiServer =
    [
        "--advertise-address=192.168.49.2", "--allow-privileged=true", "--authorization-mode=Node,RBAC",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true",
        "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt", "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
        "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key", "--etcd-servers=https://127.0.0.1:2379",
        "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
        "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key", "--secure-port=6443",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local", "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
        "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key", "--service-cluster-ip-range=10.96.0.0/12",
        "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt", "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
    ];

    /// <summary>What the CIS benchmark adds to kubeadm's defaults.</summary>
    private static readonly string[] Hardening =
    [
        "--anonymous-auth=false", "--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt", "--profiling=false",
        "--audit-log-path=/var/log/kubernetes/audit.log", "--audit-log-maxage=30", "--audit-log-maxbackup=10", "--audit-log-maxsize=100",
        "--encryption-provider-config=/etc/kubernetes/encryption.yaml",
    ];

    private static readonly string[] HardenedPlugins = ["--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,SecurityContextDeny"];

    private static string StaticPod(string name, string[] command, string[]? args = null) => $$$"""
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: {{{name}}}, namespace: kube-system, labels: {component: {{{name}}}, tier: control-plane}}
        spec:
          hostNetwork: true
          containers:
            - name: {{{name}}}
              image: registry.k8s.io/{{{name}}}:v1.31.0
              command: {{{Flow(command)}}}
              {{{(args is null ? "" : "args: " + Flow(args))}}}

        """;

    /// <summary>A YAML flow sequence of double-quoted items (their backslashes are YAML escapes).</summary>
    private static string Flow(string[] items) => "[" + string.Join(", ", items.Select(i => $"\"{i}\"")) + "]";

    private static List<PolicyFinding> Scan(string yaml) =>
        [.. new PolicyScanner(new PolicyOptions()).Scan([new ManifestSource("rendered", yaml)], CancellationToken.None).Findings
            .Where(f => f.Id.StartsWith("KCV", StringComparison.Ordinal))];

    private static string[] Ids(string yaml) => [.. Scan(yaml).Select(f => f.Id).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void Kubeadms_API_server_fails_what_the_CIS_benchmark_adds_and_passes_what_kubeadm_sets()
    {
        Assert.Equal(
            ["KCV0001", "KCV0006", "KCV0010", "KCV0012", "KCV0013", "KCV0018", "KCV0019", "KCV0020", "KCV0021", "KCV0022", "KCV0030"],
            Ids(StaticPod("kube-apiserver", ["kube-apiserver", .. KubeadmApiServer])));

        var hardened = StaticPod("kube-apiserver", ["kube-apiserver", .. KubeadmApiServer.Where(f => !f.StartsWith("--enable-admission-plugins", StringComparison.Ordinal)), .. Hardening, .. HardenedPlugins]);
        Assert.Empty(Ids(hardened));
    }

    [Fact]
    public void A_finding_points_at_the_container_with_Trivys_ID_severity_and_title_and_says_which_flag_to_give()
    {
        var f = Assert.Single(Scan(StaticPod("kube-apiserver", ["kube-apiserver", .. KubeadmApiServer])), f => f.Id == "KCV0001");
        Assert.Equal("AVD-KCV-0001", f.AvdId);
        Assert.Equal(PolicySeverity.Medium, f.Severity);
        Assert.Equal("Ensure that the --anonymous-auth argument is set to false", f.Title);
        Assert.Equal("spec.containers[0]", f.Path);
        Assert.Equal("container 'kube-apiserver' should run kube-apiserver with --anonymous-auth=false", f.Message);
        Assert.Equal("kube-system", f.Document.Namespace);
    }

    [Fact]
    public void Flags_in_args_count_and_a_program_path_before_the_name_is_the_same_program()
    {
        var inArgs = StaticPod("kube-apiserver", ["/usr/local/bin/kube-apiserver"],
            [.. KubeadmApiServer.Where(f => !f.StartsWith("--enable-admission-plugins", StringComparison.Ordinal)), .. Hardening, .. HardenedPlugins]);
        // KCV0012 reads --enable-admission-plugins in command only (as trivy-checks does): in args the API server still lacks it
        Assert.Equal(["KCV0012"], Ids(inArgs));
    }

    [Fact]
    public void A_pair_of_flags_must_sit_in_the_same_list()
    {
        var split = StaticPod("etcd", ["etcd", "--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--client-cert-auth=true",
            "--peer-cert-file=/p.crt", "--peer-key-file=/p.key", "--peer-client-cert-auth=true"], ["--key-file=/etc/kubernetes/pki/etcd/server.key"]);
        Assert.Equal(["KCV0042"], Ids(split));
    }

    [Fact]
    public void Kubeadms_controller_manager_scheduler_and_etcd_are_judged_by_their_own_checks()
    {
        Assert.Equal(["KCV0033", "KCV0034", "KCV0038"], Ids(StaticPod("kube-controller-manager", ["kube-controller-manager",
            "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf", "--bind-address=127.0.0.1",
            "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt", "--root-ca-file=/etc/kubernetes/pki/ca.crt",
            "--service-account-private-key-file=/etc/kubernetes/pki/sa.key", "--use-service-account-credentials=true"])));
        Assert.Equal(["KCV0040"], Ids(StaticPod("kube-scheduler", ["kube-scheduler", "--bind-address=127.0.0.1",
            "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true"])));
        Assert.Equal(["KCV0041"], Ids(StaticPod("kube-scheduler", ["kube-scheduler", "--bind-address=0.0.0.0", "--profiling=false"])));
        Assert.Empty(Ids(StaticPod("etcd", ["etcd", "--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--key-file=/etc/kubernetes/pki/etcd/server.key",
            "--client-cert-auth=true", "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
            "--peer-client-cert-auth=true"])));
        Assert.Equal(["KCV0044", "KCV0047"], Ids(StaticPod("etcd", ["etcd", "--cert-file=/c", "--key-file=/k", "--client-cert-auth=true",
            "--peer-cert-file=/p", "--peer-key-file=/q", "--peer-client-cert-auth=true", "--auto-tls=true", "--peer-auto-tls=true"])));
    }

    [Fact]
    public void Settings_that_open_the_API_server_are_each_reported()
    {
        var open = StaticPod("kube-apiserver", ["kube-apiserver", .. KubeadmApiServer.Where(f => !f.StartsWith("--authorization-mode", StringComparison.Ordinal)
                && !f.StartsWith("--secure-port", StringComparison.Ordinal) && !f.StartsWith("--enable-admission-plugins", StringComparison.Ordinal)),
            .. Hardening, "--authorization-mode=AlwaysAllow", "--secure-port=0", "--token-auth-file=/etc/tokens.csv", "--kubelet-https=false",
            "--service-account-lookup=false", "--enable-admission-plugins=AlwaysAdmit,EventRateLimit,AlwaysPullImages,SecurityContextDeny,NodeRestriction",
            "--disable-admission-plugins=ServiceAccount,NamespaceLifecycle"]);
        Assert.Equal(["KCV0002", "KCV0004", "KCV0007", "KCV0008", "KCV0009", "KCV0011", "KCV0014", "KCV0015", "KCV0017", "KCV0024"], Ids(open));
    }

    [Fact]
    public void Other_programs_are_not_judged_and_any_object_with_containers_is()
    {
        Assert.Empty(Ids(StaticPod("web", ["sh", "-c", "exec kube-apiserver"])));
        Assert.Empty(Ids(StaticPod("web", ["/bin/kube-apiserver-proxy"])));
        Assert.Empty(Ids(StaticPod("web", ["/opt/x\\n/kube-apiserver"]))); // YAML's "\n": a line break before the last slash
        // trivy-checks reads the containers of every kind (its selector names no kind)
        var deployment = $$"""
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: scheduler}
            spec:
              template:
                spec:
                  containers: [{name: s, image: registry.k8s.io/kube-scheduler:v1.31.0, command: [kube-scheduler, --bind-address=127.0.0.1]}]
            """;
        var f = Assert.Single(Scan(deployment));
        Assert.Equal(("KCV0040", "spec.template.spec.containers[0]"), (f.Id, f.Path));
    }

    [Fact]
    public void DenyServiceExternalIPs_is_reported_in_any_container_that_enables_it()
    {
        Assert.Equal(["KCV0003"], Ids(StaticPod("web", ["some-proxy"], ["--enable-admission-plugins=DenyServiceExternalIPs"])));
    }
}
