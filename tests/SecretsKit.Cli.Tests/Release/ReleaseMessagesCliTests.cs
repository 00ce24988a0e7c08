using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// Messages a team meets in its first week, through the real process: a missing helm said as such before any stage,
/// <c>release rollback</c> showing its stage when it fails, <c>validate</c> naming the value outside an enum, and
/// <c>release --help</c> naming the policy stage.
/// </summary>
public sealed class ReleaseMessagesCliTests
{
    [Fact]
    public async Task Helm_missing_from_path_is_said_before_any_stage_for_release_and_unittest()
    {
        using var box = new PipelineSandbox();
        using var empty = new TempDir();
        var env = box.Env();
        env["HELM_BIN"] = null;
        env["PATH"] = empty.Path;

        foreach (var args in new[] { new[] { "release", "-e", "dev", "apply", "--skip-validate", "--skip-policy" }, ["unittest", "../pipeline-app"] })
        {
            var r = await CliRunner.RunAsync(args, env, cwd: box.WorkDir);

            Assert.True(r.ExitCode == 1, $"{args[0]}: exit {r.ExitCode}\n{r.Stderr}");
            Assert.StartsWith("secretskit: error: helm not found on PATH; install helm 3.10+ or 4, or set HELM_BIN\n", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("working directory", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("RELEASE", r.Stderr, StringComparison.Ordinal); // no summary: nothing began
        }

        env["HELM_BIN"] = Path.Combine(empty.Path, "helm");
        var set = await CliRunner.RunAsync(["release", "-e", "dev", "lint"], env, cwd: box.WorkDir);
        Assert.Equal(1, set.ExitCode);
        Assert.Contains($"secretskit: error: HELM_BIN={env["HELM_BIN"]} is not an executable file\n", set.Stderr, StringComparison.Ordinal);
        Assert.Empty(box.Helm.Calls);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_failing_rollback_shows_its_stage_lines_as_test_does()
    {
        using var box = new PipelineSandbox();

        var r = await box.RunAsync("rollback"); // nothing installed: helm history fails

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("secretskit: release shop/frontend: rollback started\n", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: release shop/frontend: helm rollback failed (exit 1)\n", r.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"secretskit: release shop/frontend: rollback failed in \d+\.\ds\n", r.Stderr);
        Assert.Matches(@"frontend\s+shop\s+rollback\s+failed", r.Stderr);
    }

    [Fact]
    public async Task Validate_names_the_value_outside_an_enum_beside_the_allowed_ones()
    {
        const string Manifests = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          properties:
                            tier: {type: string, enum: [small, large]}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
              namespace: shop
            spec:
              tier: medium
            """;

        var r = await CliRunner.RunAsync(["validate", "-"], stdin: Encoding.UTF8.GetBytes(Manifests));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Widget shop/w: spec.tier: expected one of \"small\", \"large\"; got \"medium\"", r.StdoutText + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_never_names_a_value_outside_an_enum_in_a_Secret()
    {
        using var dir = new TempDir();
        dir.Write("schemas/secret.json", """
            {"type": "object", "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
             "stringData": {"type": "object", "additionalProperties": {"type": "string", "enum": ["placeholder"]}}}}
            """);
        const string Secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2-but-longer\n";

        var r = await CliRunner.RunAsync(["validate", "--schema-location", "schemas/{{ .ResourceKind }}.json", "-"], stdin: Encoding.UTF8.GetBytes(Secret), cwd: dir.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("stringData.password: expected one of \"placeholder\"; got a value of type string that is not one of them", r.StdoutText + r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", r.StdoutText + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_help_names_the_policy_stage_for_lint_diff_sync_and_apply()
    {
        var r = await CliRunner.RunAsync(["release", "--help"]);

        Assert.Equal(0, r.ExitCode);
        foreach (var verb in new[] { "lint", "diff", "sync", "apply" })
        {
            var line = r.StdoutText.Split('\n').Single(l => l.TrimStart().StartsWith(verb + " ", StringComparison.Ordinal));
            Assert.Contains("policy-check", line, StringComparison.Ordinal);
        }
    }
}
