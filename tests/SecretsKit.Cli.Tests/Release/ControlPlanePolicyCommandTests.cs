using System.Text;
using System.Text.Json;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit policy</c> with trivy-checks' KCV checks: the CIS control-plane flag checks on a kubeadm static Pod and
/// the ingress-nginx annotation check, through the real process.
/// </summary>
public sealed class ControlPlanePolicyCommandTests
{
    private const string PlantedDirective = "planted-directive-value";

    private const string ApiServer = """
        ---
        # Source: control-plane/templates/kube-apiserver.yaml
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver, namespace: kube-system, labels: {component: kube-apiserver, tier: control-plane}}
        spec:
          hostNetwork: true
          containers:
            - name: kube-apiserver
              image: registry.k8s.io/kube-apiserver:v1.31.0
              command:
                - kube-apiserver
                - --authorization-mode=Node,RBAC
                - --client-ca-file=/etc/kubernetes/pki/ca.crt
                - --enable-admission-plugins=NodeRestriction
                - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
                - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
                - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
                - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
                - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
                - --service-account-key-file=/etc/kubernetes/pki/sa.pub
                - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
                - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key

        """;

    private const string Ingress = $$$"""
        ---
        # Source: web/templates/ingress.yaml
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/auth-url: "http://auth.shop.svc/verify;\n{{{PlantedDirective}}}"
        spec:
          ingressClassName: nginx
          rules: [{host: shop.example.com}]

        """;

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task List_checks_has_the_KCV_checks_with_Trivys_IDs_severities_and_titles_and_no_node_checks()
    {
        var r = await CliRunner.RunAsync(["policy", "--list-checks"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(124 + 10, lines.Length); // and SK-PLAINTEXT-001..003, SK-PLACEHOLDER-001, SK-FLUX-001..003, SK-ROLLOUT-001..003
        Assert.Single(lines, l => l.StartsWith("SK-ROLLOUT-001\tSK-ROLLOUT-001\tMEDIUM\t-\t", StringComparison.Ordinal));
        Assert.Contains("SK-ROLLOUT-002\tSK-ROLLOUT-002\tMEDIUM\t-\tThe canary or a blue-green color renders a Secret the stable release owns", lines);
        Assert.Contains("SK-ROLLOUT-003\tSK-ROLLOUT-003\tMEDIUM\t-\tThe chart has no value at the canary's weightValue", lines);
        Assert.Equal(3, lines.Count(l => l.StartsWith("SK-FLUX-00", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.StartsWith("SK-PLACEHOLDER-001\t", StringComparison.Ordinal) && l.Contains("\tCRITICAL\t", StringComparison.Ordinal));
        Assert.Equal(79, lines.Count(l => l.StartsWith("KSV", StringComparison.Ordinal)));
        Assert.Equal(45, lines.Count(l => l.StartsWith("KCV", StringComparison.Ordinal)));
        Assert.Contains("KCV0001\tAVD-KCV-0001\tMEDIUM\t-\tEnsure that the --anonymous-auth argument is set to false", lines);
        Assert.Contains("KCV0047\tAVD-KCV-0047\tLOW\t-\tEnsure that the --peer-auto-tls argument is not set to true", lines);
        Assert.Contains("KCV0093\tAVD-KCV-0093\tCRITICAL\t-\tEnsure ingress-nginx annotations are secure", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("KCV0048", StringComparison.Ordinal) || l.StartsWith("KCV0079", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_kubeadm_API_server_static_Pod_is_reported_per_flag_and_the_ignore_file_takes_the_KCV_forms()
    {
        var r = await CliRunner.RunAsync(["policy", "--severity", "LOW,MEDIUM", "-"], stdin: Bytes(ApiServer));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("stdin: control-plane/templates/kube-apiserver.yaml: Pod kube-system/kube-apiserver: spec.containers[0]: KCV0001 (MEDIUM) Ensure that the --anonymous-auth argument is set to false: container 'kube-apiserver' should run kube-apiserver with --anonymous-auth=false\n",
            r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("spec.containers[0]: KCV0019 (LOW) Ensure that the --audit-log-path argument is set: container 'kube-apiserver' should run kube-apiserver with --audit-log-path\n",
            r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("KCV0008", r.StdoutText, StringComparison.Ordinal); // Node is in --authorization-mode

        using var dir = new TempDir();
        dir.Write("apiserver.yaml", ApiServer);
        dir.Write(".trivyignore", "AVD-KCV-0001\nKCV-0019\nKCV0018 exp:2999-01-01\n");
        var ignored = await CliRunner.RunAsync(["policy", "-o", "json", "apiserver.yaml"], cwd: dir.Path);
        using var doc = JsonDocument.Parse(ignored.StdoutText);
        var ids = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("KCV0001", ids);
        Assert.DoesNotContain("KCV0019", ids);
        Assert.DoesNotContain("KCV0018", ids);
        Assert.Contains("KCV0020", ids);
    }

    [Fact]
    public async Task An_ingress_nginx_annotation_that_injects_a_directive_fails_a_CRITICAL_run_and_is_never_printed()
    {
        var r = await CliRunner.RunAsync(["policy", "--severity", "CRITICAL", "-"], stdin: Bytes(Ingress));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("stdin: web/templates/ingress.yaml: Ingress shop/web: metadata.annotations.nginx.ingress.kubernetes.io/auth-url: KCV0093 (CRITICAL) Ensure ingress-nginx annotations are secure: annotation nginx.ingress.kubernetes.io/auth-url should hold",
            r.StdoutText, StringComparison.Ordinal);
        foreach (var format in new[] { "text", "json", "sarif" })
        {
            var each = await CliRunner.RunAsync(["policy", "-o", format], stdin: Bytes(Ingress));
            Assert.Equal(1, each.ExitCode);
            Assert.DoesNotContain(PlantedDirective, each.StdoutText + each.Stderr, StringComparison.Ordinal);
        }

        var plain = await CliRunner.RunAsync(["policy", "--severity", "CRITICAL", "-"], stdin: Bytes(Ingress.Replace(";\\n" + PlantedDirective, "", StringComparison.Ordinal)));
        Assert.True(plain.ExitCode == 0, plain.StdoutText);
    }
}
