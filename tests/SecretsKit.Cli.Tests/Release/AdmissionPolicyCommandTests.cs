using System.Text;
using System.Text.Json;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit policy --admission-policy</c>: the cluster's ValidatingAdmissionPolicies (the Kubernetes docs'
/// examples) over rendered manifests on stdin and in a directory, and those a chart ships itself; text, JSON and SARIF,
/// exit codes, ignore rules, and no decrypted value in any output.
/// </summary>
public sealed class AdmissionPolicyCommandTests
{
    private const string Token = "api-token-for-admission-5e1";

    private static string Hardened(int replicas, string ns = "shop") => $$$"""
        ---
        # Source: web/templates/deployment.yaml
        # trivy:ignore:KSV0125
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: {{{ns}}}}
        spec:
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
                - name: web
                  image: registry.example/web:1.2.3
                  resources: {requests: {cpu: 10m, memory: 10Mi}, limits: {cpu: 100m, memory: 64Mi}}
                  securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsUser: 10001, runAsGroup: 10001, capabilities: {drop: [ALL]}}

        """;

    private static string Policy(string actions, string extra = "") => $$$"""
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: demo-policy.example.com}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}]
          validations:
            - expression: "object.spec.replicas <= 5"
        {{{extra}}}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: demo-binding-test.example.com}
        spec:
          policyName: demo-policy.example.com
          validationActions: {{{actions}}}
          matchResources: {namespaceSelector: {matchLabels: {environment: test} } }
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {environment: test}}

        """;

    private const string Denied = "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static TempDir Cluster(string policy)
    {
        var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "cluster"));
        File.WriteAllText(Path.Combine(dir.Path, "cluster", "policy.yaml"), policy);
        return dir;
    }

    [Fact]
    public async Task The_replicas_demo_denies_six_replicas_from_stdin_with_the_API_servers_message_and_exit_1()
    {
        using var dir = Cluster(Policy("[Deny]"));
        var bad = await CliRunner.RunAsync(["policy", "--admission-policy", "cluster", "-"], stdin: Bytes(Hardened(6)), cwd: dir.Path);
        Assert.True(bad.ExitCode == 1, bad.StdoutText + bad.Stderr);
        Assert.Contains($"stdin: web/templates/deployment.yaml: Deployment shop/web: demo-policy.example.com (CRITICAL) ValidatingAdmissionPolicy (Deny): {Denied}\n", bad.StdoutText, StringComparison.Ordinal);

        var ok = await CliRunner.RunAsync(["policy", "--admission-policy", "cluster/policy.yaml"], stdin: Bytes(Hardened(5)), cwd: dir.Path);
        Assert.True(ok.ExitCode == 0, ok.StdoutText + ok.Stderr);
        Assert.EndsWith("7 plain-text checks; 3 rollout checks; 1 admission policy]\n", ok.StdoutText, StringComparison.Ordinal);

        // outside the test namespace the binding does not match
        var prod = await CliRunner.RunAsync(["policy", "--admission-policy", "cluster"], stdin: Bytes(Hardened(6, "prod")), cwd: dir.Path);
        Assert.True(prod.ExitCode == 0, prod.StdoutText + prod.Stderr);
    }

    [Fact]
    public async Task Warn_is_shown_and_passes_and_the_severity_filter_and_an_ignore_entry_treat_a_policy_like_a_check()
    {
        using var dir = Cluster(Policy("[Warn]"));
        var warn = await CliRunner.RunAsync(["policy", "--admission-policy", "cluster"], stdin: Bytes(Hardened(6)), cwd: dir.Path);
        Assert.True(warn.ExitCode == 0, warn.StdoutText + warn.Stderr);
        Assert.Contains("demo-policy.example.com (MEDIUM) ValidatingAdmissionPolicy (Warn): Validation failed for ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com': failed expression: object.spec.replicas <= 5\n",
            warn.StdoutText, StringComparison.Ordinal);
        var filtered = await CliRunner.RunAsync(["policy", "--admission-policy", "cluster", "--severity", "CRITICAL"], stdin: Bytes(Hardened(6)), cwd: dir.Path);
        Assert.DoesNotContain("demo-policy", filtered.StdoutText, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(dir.Path, "cluster", "policy.yaml"), Policy("[Deny]"));
        File.WriteAllText(Path.Combine(dir.Path, ".trivyignore"), "# reviewed\ndemo-policy.example.com\n");
        var ignored = await CliRunner.RunAsync(["policy", "--admission-policy", "cluster"], stdin: Bytes(Hardened(6)), cwd: dir.Path);
        Assert.True(ignored.ExitCode == 0, ignored.StdoutText + ignored.Stderr);
        Assert.Contains("; 2 ignored,", ignored.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_the_chart_ships_applies_to_the_rendered_directory_with_audit_annotations_in_json_and_sarif()
    {
        const string annotation = "  auditAnnotations:\n    - {key: high-replica-count, valueExpression: \"object.spec.replicas > 5 ? 'Deployment spec.replicas set to ' + string(object.spec.replicas) : null\"}";
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "rendered"));
        File.WriteAllText(Path.Combine(dir.Path, "rendered", "all.yaml"), Policy("[Deny, Audit]", annotation) + Hardened(7));
        var r = await CliRunner.RunAsync(["policy", "rendered", "-o", "json"], cwd: dir.Path);
        Assert.True(r.ExitCode == 1, r.StdoutText + r.Stderr);
        using var doc = JsonDocument.Parse(r.StdoutText);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("id").GetString() == "demo-policy.example.com").ToList();
        Assert.Equal(["CRITICAL", "LOW"], findings.Select(f => f.GetProperty("severity").GetString()));
        Assert.Equal(Denied, findings[0].GetProperty("message").GetString());
        Assert.StartsWith("validation.policy.admission.k8s.io/validation_failure: [{\"message\":\"failed expression: object.spec.replicas \\u003c= 5\"",
            findings[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        var a = Assert.Single(doc.RootElement.GetProperty("auditAnnotations").EnumerateArray());
        Assert.Equal("demo-policy.example.com/high-replica-count", a.GetProperty("key").GetString());
        Assert.Equal("Deployment spec.replicas set to 7", a.GetProperty("value").GetString());
        Assert.Equal("web", a.GetProperty("name").GetString());

        var sarif = await CliRunner.RunAsync(["policy", "rendered", "-o", "sarif"], cwd: dir.Path);
        using var s = JsonDocument.Parse(sarif.StdoutText);
        var run = s.RootElement.GetProperty("runs")[0];
        var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "demo-policy.example.com");
        Assert.False(rule.TryGetProperty("helpUri", out _));
        Assert.Contains(run.GetProperty("results").EnumerateArray(), x => x.GetProperty("ruleId").GetString() == "demo-policy.example.com"
            && x.GetProperty("level").GetString() == "error");
    }

    [Fact]
    public async Task A_decrypted_value_in_a_policy_message_or_audit_annotation_is_redacted()
    {
        const string policy = """
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: no-tokens-in-configmaps}
            spec:
              matchConstraints: {resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]}
              validations:
                - expression: "!('TOKEN' in object.data)"
                  messageExpression: "'ConfigMap holds TOKEN=' + object.data.TOKEN"
              auditAnnotations:
                - {key: token, valueExpression: "'TOKEN' in object.data ? 'token ' + object.data.TOKEN : null"}
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: everywhere}
            spec: {policyName: no-tokens-in-configmaps, validationActions: [Deny]}
            """;
        using var dir = Cluster(policy);
        var plain = dir.Write("secrets.plain.yaml", $"api:\n  token: {Token}\n");
        var encrypted = Path.Combine(dir.Path, "secrets.yaml");
        var enc = await CliRunner.RunAsync(["encrypt", "--age", TestKeys.AgeRecipient, "--output", encrypted, plain], recordOutput: false);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        File.Delete(plain);
        var env = new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };
        var map = $"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: app, namespace: shop}}\ndata: {{TOKEN: \"{Token}\"}}\n";
        foreach (var format in new[] { "text", "json", "sarif" })
        {
            var r = await CliRunner.RunAsync(["policy", "--admission-policy", "cluster", "--values", "secrets.yaml", "-o", format], env, stdin: Bytes(map), cwd: dir.Path);
            Assert.True(r.ExitCode == 1, r.StdoutText + r.Stderr);
            Assert.Contains("ConfigMap holds TOKEN=[redacted]", r.StdoutText, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, r.StdoutText + r.Stderr, StringComparison.Ordinal);
            if (format == "json") Assert.Contains("\"value\": \"token [redacted]\"", r.StdoutText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("missing", "--admission-policy missing: no such file or directory")]
    [InlineData("-", "--admission-policy: name a file or directory (stdin holds the manifests)")]
    [InlineData("broken.yaml", "--admission-policy: broken.yaml: ")]
    public async Task An_admission_policy_path_that_is_not_a_file_or_directory_or_not_YAML_exits_2(string path, string message)
    {
        using var dir = new TempDir();
        dir.Write("broken.yaml", "kind: [unclosed\n");
        var r = await CliRunner.RunAsync(["policy", "--admission-policy", path], stdin: Bytes(Hardened(1)), cwd: dir.Path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
    }
}
