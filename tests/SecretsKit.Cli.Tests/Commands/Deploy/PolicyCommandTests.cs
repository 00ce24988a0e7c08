using SecretsKit.Cli.Tests.Release;
using System.Text;
using System.Text.Json;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Time;

namespace SecretsKit.Cli.Tests.Commands.Deploy;

/// <summary><c>secretskit policy</c>: Trivy's Kubernetes checks over files, directories and stdin, as the pipeline pipes <c>helm template</c> into it.</summary>
public sealed class PolicyCommandTests
{
    private const string PlantedSecret = "hunter2-planted-policy-value";

    private static string Deployment(string securityContext) => $$$"""
        ---
        # Source: web/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
                - name: web
                  image: registry.example/web:1.2.3
                  resources: {requests: {cpu: 10m, memory: 10Mi}, limits: {cpu: 100m, memory: 64Mi}}
                  securityContext: {{{{securityContext}}}}
        """;

    private const string Hardened = "allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsUser: 10001, runAsGroup: 10001, capabilities: {drop: [ALL]}";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_hardened_workload_passes_and_a_privileged_one_is_reported_with_ID_severity_template_and_path()
    {
        var ok = await CliRunner.RunAsync(["policy", "--severity", "HIGH,CRITICAL"], stdin: Bytes(Deployment(Hardened)));
        Assert.True(ok.ExitCode == 0, ok.StdoutText + ok.Stderr);
        Assert.EndsWith("[trivy-checks v2.2.0-20-g80e53822, 124 checks; 7 plain-text checks; 3 rollout checks]\n", ok.StdoutText, StringComparison.Ordinal);

        var bad = await CliRunner.RunAsync(["policy", "-"], stdin: Bytes(Deployment(Hardened + ", privileged: true")));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("stdin: web/templates/deployment.yaml: Deployment shop/web: spec.template.spec.containers[0].securityContext.privileged: KSV017 (HIGH) Privileged: container 'web' should set securityContext.privileged to false\n",
            bad.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_has_Trivys_IDs_and_the_severity_filter_keeps_only_what_was_asked()
    {
        var r = await CliRunner.RunAsync(["policy", "-o", "json", "-"], stdin: Bytes(Deployment("privileged: true")));
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdoutText);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var privileged = Assert.Single(findings, f => f.GetProperty("id").GetString() == "KSV017");
        Assert.Equal("AVD-KSV-0017", privileged.GetProperty("avdid").GetString());
        Assert.Equal("HIGH", privileged.GetProperty("severity").GetString());
        Assert.Equal("Deployment", privileged.GetProperty("kind").GetString());
        Assert.Equal("shop", privileged.GetProperty("namespace").GetString());
        Assert.Equal("web", privileged.GetProperty("name").GetString());
        Assert.Equal("web/templates/deployment.yaml", privileged.GetProperty("template").GetString());
        Assert.Contains(findings, f => f.GetProperty("id").GetString() == "KSV014");

        var critical = await CliRunner.RunAsync(["policy", "--severity", "CRITICAL", "-o", "json", "-"], stdin: Bytes(Deployment("privileged: true")));
        Assert.True(critical.ExitCode == 0, critical.StdoutText);
        using var none = JsonDocument.Parse(critical.StdoutText);
        Assert.Empty(none.RootElement.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task The_ignore_file_takes_both_ID_forms_comments_and_expiry_and_inline_comments_ignore_per_object()
    {
        using var dir = new TempDir();
        dir.Write("m.yaml", Deployment(Hardened.Replace("capabilities: {drop: [ALL]}", "capabilities: {add: [SYS_ADMIN], drop: [ALL]}", StringComparison.Ordinal) + ", privileged: true"));
        dir.Write(".trivyignore", "# accepted for the demo\nKSV017\nAVD-KSV-0005 exp:2999-01-01\nKSV022 exp:2000-01-01\n");
        var r = await CliRunner.RunAsync(["policy", "--severity", "HIGH,CRITICAL,MEDIUM", "-o", "json", "m.yaml"], cwd: dir.Path);
        using var doc = JsonDocument.Parse(r.StdoutText);
        var ids = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("KSV017", ids);
        Assert.DoesNotContain("KSV005", ids);
        Assert.Contains("KSV022", ids); // its entry expired
        Assert.Equal(1, r.ExitCode);

        var inline = Deployment(Hardened + ", privileged: true").Replace("# Source: web/templates/deployment.yaml", "# Source: web/templates/deployment.yaml\n# trivy:ignore:KSV017", StringComparison.Ordinal);
        var commented = await CliRunner.RunAsync(["policy", "--ignorefile", "/dev/null", "--severity", "HIGH", "-"], stdin: Bytes(inline));
        Assert.True(commented.ExitCode == 0, commented.StdoutText);
        Assert.Contains("1 ignored", commented.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ignore_entry_expires_on_the_date_of_the_CLI_clock_not_of_the_wall_clock()
    {
        using var dir = new TempDir();
        var ignore = dir.Write(".trivyignore", "KSV017 exp:2030-06-01\n");
        var manifest = dir.Write("m.yaml", Deployment(Hardened + ", privileged: true"));
        async Task<int> PolicyOn(DateTimeOffset now)
        {
            var stdout = new MemoryStream();
            var stderr = new StringWriter();
            var context = new CliContext(SystemEnvironment.Instance, SystemProcessRunner.Instance, new ManualTimeProvider(now), Stream.Null, stdout, stderr);
            var code = await CliApp.RunAsync(["policy", "--ignorefile", ignore, "--severity", "HIGH", "-o", "json", manifest], context);
            Assert.True(code is 0 or 1 && stdout.Length > 0, $"exit {code}: {stderr}");
            using var doc = JsonDocument.Parse(stdout.ToArray());
            return doc.RootElement.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("id").GetString() == "KSV017");
        }

        Assert.Equal(0, await PolicyOn(new DateTimeOffset(2030, 5, 31, 23, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1, await PolicyOn(new DateTimeOffset(2030, 6, 2, 1, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task List_items_and_json_are_checked_and_a_ConfigMap_credential_is_named_by_key_never_by_value()
    {
        var list = $$$"""
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app"}, "data": {"settings": "db_password: {{{PlantedSecret}}}\n"}},
              {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "x"}, "spec": {"hostNetwork": true, "containers": [{"name": "c", "image": "a/b:1"}]}}
            ]}
            """;
        var r = await CliRunner.RunAsync(["policy", "-"], stdin: Bytes(list));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("stdin: ConfigMap app: data.settings: KSV0109 (HIGH) ConfigMap with secrets", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("stdin: Pod x/p: spec.hostNetwork: KSV009 (HIGH)", r.StdoutText, StringComparison.Ordinal);
        foreach (var format in new[] { "text", "json", "sarif" })
        {
            var each = await CliRunner.RunAsync(["policy", "-o", format], stdin: Bytes(list));
            Assert.DoesNotContain(PlantedSecret, each.StdoutText + each.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sarif_output_is_shaped_as_Trivys()
    {
        var r = await CliRunner.RunAsync(["policy", "-o", "sarif", "--severity", "HIGH"], stdin: Bytes(Deployment("privileged: true")));
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdoutText);
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal("Trivy", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "KSV017");
        Assert.Equal("8.0", rule.GetProperty("properties").GetProperty("security-severity").GetString());
        var result = run.GetProperty("results").EnumerateArray().First(x => x.GetProperty("ruleId").GetString() == "KSV017");
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Equal("web/templates/deployment.yaml", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Theory]
    [InlineData("--severity", "SEVERE")]
    [InlineData("-o", "xml")]
    [InlineData("--ignorefile", "missing.trivyignore")]
    public async Task A_bad_option_value_exits_2(string flag, string value)
    {
        using var dir = new TempDir();
        var r = await CliRunner.RunAsync(["policy", flag, value, "-"], stdin: Bytes(Deployment(Hardened)), cwd: dir.Path);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}\n{r.Stderr}");
    }

    [Fact]
    public async Task A_document_that_is_not_yaml_exits_2_naming_it()
    {
        var r = await CliRunner.RunAsync(["policy"], stdin: Bytes("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("secretskit: policy: stdin:", r.Stderr, StringComparison.Ordinal);
    }
}
