using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The cluster's ValidatingAdmissionPolicies in the release's policy stage, over examples/helmfile rendered by the real
/// helm 3.10.1: given with <c>--policy-admission-policy</c> (a param ConfigMap in the release's namespace) or shipped by
/// the chart itself.
/// </summary>
public sealed class ReleaseAdmissionCliTests
{
    private static string Cluster(string max) => $$"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: max-replicas}
        spec:
          paramKind: {apiVersion: v1, kind: ConfigMap}
          matchConstraints:
            resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}]
          validations:
            - expression: "object.spec.replicas <= int(params.data.max)"
              messageExpression: "'at most ' + params.data.max + ' replicas in ' + request.namespace"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: per-namespace}
        spec:
          policyName: max-replicas
          validationActions: [Deny]
          paramRef: {name: replica-limits, parameterNotFoundAction: Deny}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: replica-limits, namespace: shop-staging}
        data: {max: "{{max}}"}
        """;

    [Fact]
    public async Task A_cluster_policy_with_a_param_in_the_releases_namespace_fails_lint_and_apply_and_a_higher_limit_lets_them_deploy()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        Directory.CreateDirectory(box.PathOf("cluster"));
        File.WriteAllText(box.PathOf("cluster/policies.yaml"), Cluster("1"));
        var env = ReleaseValidateCliTests.Env(box, real, dir);
        foreach (var verb in new[] { "lint", "apply" })
        {
            var r = await CliRunner.RunAsync(["release", "-e", "staging", "--policy-admission-policy", "cluster", verb, "--no-lock"], env, cwd: box.WorkDir);
            Assert.True(r.ExitCode == 1, $"{verb}: exit {r.ExitCode}\n{r.Stderr}");
            Assert.Contains("secretskit: release shop-staging/api: policy failed\n", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("  | release shop-staging/api: web/templates/deployment.yaml: Deployment shop-staging/api: max-replicas (CRITICAL) ValidatingAdmissionPolicy (Deny): "
                + "ValidatingAdmissionPolicy 'max-replicas' with binding 'per-namespace' denied request: at most 1 replicas in shop-staging\n", r.Stderr, StringComparison.Ordinal);
            foreach (var secret in HelmfileSandbox.StagingSecrets) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        }
        Assert.Empty(box.Upgrades);

        // prod has no replica-limits ConfigMap: the binding's Deny action for a missing param refuses it
        var prod = await CliRunner.RunAsync(["release", "-e", "prod", "--policy-admission-policy", "cluster/policies.yaml", "lint"], env, cwd: box.WorkDir);
        Assert.True(prod.ExitCode == 1, prod.Stderr);
        Assert.Contains("denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction\n", prod.Stderr, StringComparison.Ordinal);

        // a cluster file that is not YAML stops the run before any release renders
        File.WriteAllText(box.PathOf("cluster/broken.yaml"), "kind: [unclosed\n");
        var broken = await CliRunner.RunAsync(["release", "-e", "staging", "--policy-admission-policy", "cluster/broken.yaml", "lint"], env, cwd: box.WorkDir);
        Assert.True(broken.ExitCode == 2, broken.Stderr);
        Assert.Contains("--policy-admission-policy: cluster/broken.yaml: ", broken.Stderr, StringComparison.Ordinal);
        File.Delete(box.PathOf("cluster/broken.yaml"));

        File.WriteAllText(box.PathOf("cluster/policies.yaml"), Cluster("2"));
        var ok = await CliRunner.RunAsync(["release", "-e", "staging", "--policy-admission-policy", "cluster", "apply", "--no-lock"], env, cwd: box.WorkDir);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Equal(["upgrade shop-staging/api", "upgrade shop-staging/worker"], box.Upgrades);
        box.AssertNoPlaintextLeft();
    }

    private const string Shipped = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: {{ .Release.Name }}-needs-team}
        spec:
          matchConstraints:
            resourceRules: [{apiGroups: [apps], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: [deployments]}]
          validations:
            - expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
              message: deployments need a team label
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: {{ .Release.Name }}-needs-team}
        spec: {policyName: {{ .Release.Name }}-needs-team, validationActions: [{{ .Values.teamAction | default "Deny" }}]}
        """;

    [Fact]
    public async Task A_policy_the_chart_ships_is_evaluated_on_its_own_rendering_and_Warn_passes()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        File.WriteAllText(box.PathOf("charts/web/templates/policy.yaml"), Shipped);
        var env = ReleaseValidateCliTests.Env(box, real, dir);
        var denied = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(denied.ExitCode == 1, denied.Stderr);
        Assert.Contains("  | release shop-staging/worker: web/templates/deployment.yaml: Deployment shop-staging/worker: worker-needs-team (CRITICAL) ValidatingAdmissionPolicy (Deny): "
            + "ValidatingAdmissionPolicy 'worker-needs-team' with binding 'worker-needs-team' denied request: deployments need a team label\n", denied.Stderr, StringComparison.Ordinal);

        File.AppendAllText(box.PathOf("charts/web/values.yaml"), "teamAction: Warn\n");
        var warned = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(warned.ExitCode == 0, warned.Stderr);
        // MEDIUM is below the release's default CRITICAL: named only on the warning line of findings below the failing severity
        Assert.All(warned.Stderr.Split('\n').Where(l => l.Contains("needs-team", StringComparison.Ordinal)),
            l => Assert.Contains("warning", l, StringComparison.Ordinal));
    }
}
