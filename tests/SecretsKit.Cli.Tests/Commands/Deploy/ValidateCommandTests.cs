using SecretsKit.Cli.Tests.Release;
using System.Text;
using System.Text.Json;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Commands.Deploy;

/// <summary><c>secretskit validate</c> on files, directories and stdin, as the guides pipe <c>helm template</c> into it.</summary>
public sealed class ValidateCommandTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          replicas: "3"
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
        """;

    private const string PlantedSecret = "plain text password, not base64!";

    [Fact]
    public async Task Valid_manifests_on_stdin_exit_0_with_the_counts()
    {
        var r = await CliRunner.RunAsync(["validate"], stdin: Encoding.UTF8.GetBytes(Deployment.Replace("\"3\"", "3", StringComparison.Ordinal)));
        Assert.True(r.ExitCode == 0, r.StdoutText + r.Stderr);
        Assert.Equal("validate: 1 document: 1 valid, 0 invalid, 0 skipped (no schema) [Kubernetes 1.35 schemas]\n", r.StdoutText);
    }

    [Fact]
    public async Task An_invalid_file_exits_1_and_json_output_names_the_path_and_what_was_expected()
    {
        using var dir = new TempDir();
        dir.Write("m/deploy.yaml", Deployment);
        dir.Write("m/notes.txt", "not a manifest");
        var text = await CliRunner.RunAsync(["validate", "m"], cwd: dir.Path);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("m/deploy.yaml: Deployment shop/web: spec.replicas: expected integer, got value of type string\n", text.StdoutText, StringComparison.Ordinal);

        var json = await CliRunner.RunAsync(["validate", "--output", "json", "m/deploy.yaml"], cwd: dir.Path);
        Assert.Equal(1, json.ExitCode);
        using var doc = JsonDocument.Parse(json.StdoutText);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        var error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("spec.replicas", error.GetProperty("path").GetString());
        Assert.Equal("Deployment", error.GetProperty("kind").GetString());
        Assert.Equal("shop", error.GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task A_secret_that_is_not_base64_is_reported_without_its_value()
    {
        var secret = $"apiVersion: v1\nkind: Secret\nmetadata: {{name: db}}\ndata:\n  password: {PlantedSecret}\n";
        var r = await CliRunner.RunAsync(["validate", "-", "--output", "json"], stdin: Encoding.UTF8.GetBytes(secret));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("\"path\": \"data.password\"", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain(PlantedSecret, r.StdoutText + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_false_accepts_unknown_fields_and_reject_missing_schemas_refuses_unknown_kinds()
    {
        var typo = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndatta: {a: b}\n";
        Assert.Equal(1, (await CliRunner.RunAsync(["validate"], stdin: Encoding.UTF8.GetBytes(typo))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["validate", "--strict=false"], stdin: Encoding.UTF8.GetBytes(typo))).ExitCode);

        var custom = "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t}\n";
        var skipped = await CliRunner.RunAsync(["validate"], stdin: Encoding.UTF8.GetBytes(custom));
        Assert.Equal(0, skipped.ExitCode);
        Assert.Contains("stdin: Thing t: skipped (no schema for example.com/v1 Thing)", skipped.StdoutText, StringComparison.Ordinal);
        Assert.Equal(1, (await CliRunner.RunAsync(["validate", "--reject-missing-schemas"], stdin: Encoding.UTF8.GetBytes(custom))).ExitCode);
    }

    [Fact]
    public async Task A_missing_file_or_bad_kube_version_is_a_one_line_error_with_exit_2()
    {
        var missing = await CliRunner.RunAsync(["validate", "no-such.yaml"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("secretskit: error: no-such.yaml: cannot read (FileNotFound)\n", missing.Stderr);
        var version = await CliRunner.RunAsync(["validate", "--kube-version", "latest"], stdin: []);
        Assert.Equal(2, version.ExitCode);
        Assert.DoesNotContain("   at ", version.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdin_from_the_null_device_is_refused_as_kubeconform_refuses_a_character_device_and_an_empty_pipe_is_0_documents()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "secretskit.dll");
        var device = await ProcessRun.RunAsync("bash", ["-c", "exec dotnet \"$0\" validate </dev/null", dll], CliRunner.Environment(null));
        Assert.Equal(1, device.ExitCode);
        Assert.Equal("secretskit: error: stdin is a terminal or a device, not a stream of manifests: pipe them in (helm template … | secretskit validate) or name files\n", device.Stderr);
        var pipe = await CliRunner.RunAsync(["validate"], stdin: []);
        Assert.Equal(0, pipe.ExitCode);
        Assert.StartsWith("validate: 0 documents", pipe.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_location_template_that_cannot_be_evaluated_fails_at_start_with_the_usage_exit_code()
    {
        var r = await CliRunner.RunAsync(["validate", "--schema-location", "schemas/{{ .ResourceKnd }}.json"], stdin: Encoding.UTF8.GetBytes(Deployment));
        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.StdoutText);
        Assert.StartsWith("secretskit: error: --schema-location schemas/{{ .ResourceKnd }}.json: the template uses .ResourceKnd, which is not a field", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_schema_location_error_is_still_reported_before_an_input_that_cannot_be_read()
    {
        var r = await CliRunner.RunAsync(["validate", "--schema-location", "schemas/{{ .ResourceKnd }}.json", "no-such.yaml"]);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("secretskit: error: --schema-location schemas/{{ .ResourceKnd }}.json:", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_whose_multibyte_runes_straddle_the_read_chunks_reads_as_it_does_on_stdin()
    {
        // 2-, 3- and 4-byte runes in 11-byte groups over several 80 KiB read chunks, so that runes straddle a chunk's
        // end, then a document whose data key (not a valid config key) the finding names: the file read (counted, then
        // decoded into its string) and the stdin read must give the same report
        var value = string.Concat(Enumerable.Repeat("é€😀ab", 36_000));
        var text = $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: big}}\ndata:\n  v: \"{value}\"\n---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keys}\ndata:\n  clé-😀: x\n";
        using var dir = new TempDir();
        dir.Write("m.yaml", text);
        Assert.True(Encoding.UTF8.GetByteCount(text) > 3 * 81920);
        var file = await CliRunner.RunAsync(["validate", "-o", "json", "m.yaml"], cwd: dir.Path);
        var stdin = await CliRunner.RunAsync(["validate", "-o", "json", "-"], stdin: Encoding.UTF8.GetBytes(text));
        Assert.Equal(1, file.ExitCode);
        using var doc = JsonDocument.Parse(file.StdoutText);
        Assert.Equal("data[\"clé-😀\"]", Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray().ToList()).GetProperty("path").GetString());
        Assert.Equal(stdin.StdoutText.Replace("\"stdin\"", "\"m.yaml\"", StringComparison.Ordinal), file.StdoutText);
    }

    [Fact]
    public async Task Skip_and_reject_name_kinds_as_kubeconform_does()
    {
        var manifest = Encoding.UTF8.GetBytes(Deployment);
        var skipped = await CliRunner.RunAsync(["validate", "--skip", "ConfigMap,apps/v1/Deployment"], stdin: manifest);
        Assert.Equal(0, skipped.ExitCode);
        Assert.Contains("stdin: Deployment shop/web: skipped (--skip)", skipped.StdoutText, StringComparison.Ordinal);
        var rejected = await CliRunner.RunAsync(["validate", "--reject", "Deployment"], stdin: manifest);
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("stdin: Deployment shop/web: prohibited resource kind Deployment (--reject)", rejected.StdoutText, StringComparison.Ordinal);
    }
}
