using System.Text.Json;
using SecretsKit.Testing.Aws.Kms;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyManagement;

/// <summary>
/// The recipient check through the real <c>secretskit</c>: three environments with an age key each (made by the real
/// <c>age-keygen</c>) and a KMS key (the KMS wire fake) on prod, their files written by <c>encrypt</c> under the rules of
/// <c>.sops.yaml</c>; a helmfile state and a promotion file beside them. A correct layout gives no finding; each way of
/// breaking it gives exactly its finding, through <c>scan --recipients</c> and <c>release lint</c>, with no private key.
/// </summary>
public sealed class RecipientsCliTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new("sk-recipients-");
    private FakeKmsServer _kms = null!;
    private readonly Dictionary<string, (string Recipient, string KeyFile)> _age = [];
    private string _arn = "";

    public async Task InitializeAsync()
    {
        _kms = await FakeKmsServer.StartAsync();
        _arn = _kms.CreateKey("eu-west-1");
        foreach (var env in new[] { "dev", "staging", "prod", "extra" }) _age[env] = await AgeKeyAsync(env);
        WriteRules();
        _dir.Write("helmfile.yaml", """
            environments:
              dev: {secrets: [secrets/dev/env.yaml]}
              staging: {secrets: [secrets/staging/env.yaml]}
              prod: {secrets: [secrets/prod/env.yaml]}
            ---
            releases:
              - name: app
                namespace: shop
                chart: ./chart
                secrets: ["secrets/{{ .Environment.Name }}/app.yaml"]
            """);
        _dir.Write("secretskit-promotion.yaml", "stages:\n  - {name: dev, environments: [dev]}\n  - {name: staging, environments: [staging], from: dev}\n  - {name: prod, environments: [prod], from: staging}\n");
        foreach (var env in new[] { "dev", "staging", "prod" })
        {
            foreach (var file in new[] { "env", "app" })
            {
                var path = _dir.Write($"secrets/{env}/{file}.yaml", $"{file}:\n  token: {env}-{file}-value-0042\n");
                var r = await RunAsync(["encrypt", "-i", path]);
                Assert.True(r.ExitCode == 0, r.Stderr);
            }
        }
    }

    public async Task DisposeAsync() => await _kms.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private async Task<(string, string)> AgeKeyAsync(string name)
    {
        var file = _dir.File($"keys/{name}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var r = await ProcessRun.RunAsync("age-keygen", ["-o", file]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var recipient = File.ReadAllLines(file).Single(l => l.StartsWith("# public key: ", StringComparison.Ordinal))["# public key: ".Length..];
        return (recipient, file);
    }

    /// <summary>One rule per environment (prod with the KMS key too); <paramref name="extra"/> lines are added to a rule.</summary>
    private void WriteRules(string devExtra = "", string stagingExtra = "", string prodExtra = "") => _dir.Write(".sops.yaml", $"""
        creation_rules:
          - path_regex: ^secrets/dev/
            age: {_age["dev"].Recipient}
        {devExtra}
          - path_regex: ^secrets/staging/
            age: {_age["staging"].Recipient}
        {stagingExtra}
          - path_regex: ^secrets/prod/
            age: {_age["prod"].Recipient}
            kms: {_arn}
        {prodExtra}
        """);

    private Dictionary<string, string?> Env(string? keyOf = null) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDRECIPIENTS",
        ["AWS_SECRET_ACCESS_KEY"] = "recipients-secret-never-shown",
        ["AWS_ENDPOINT_URL_KMS"] = _kms.BaseAddress.ToString(),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["SOPS_AGE_KEY_FILE"] = keyOf is null ? null : _age[keyOf].KeyFile,
    };

    private Task<ProcessRun.Result> RunAsync(string[] args, string? keyOf = null) => CliRunner.RunAsync(args, Env(keyOf), cwd: _dir.Path);

    /// <summary><c>scan --recipients .</c> with no key at all: its lines.</summary>
    private async Task<(int ExitCode, string[] Lines)> ScanAsync()
    {
        var r = await CliRunner.RunAsync(["scan", "--recipients", "."], new Dictionary<string, string?>(), cwd: _dir.Path);
        Assert.True(r.ExitCode is 0 or 1, r.Stderr);
        return (r.ExitCode, r.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary><c>release -e prod lint</c> with prod's key and a helm (HELM_BIN) that only leaves a mark when it is run.</summary>
    private Task<ProcessRun.Result> LintProdAsync()
    {
        var helm = _dir.Write("bin/helm", $"#!/bin/sh\ntouch '{_dir.File("helm-ran")}'\nexit 1\n");
        File.SetUnixFileMode(helm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return CliRunner.RunAsync(["release", "-e", "prod", "lint"], new Dictionary<string, string?>(Env("prod")) { ["HELM_BIN"] = helm }, cwd: _dir.Path);
    }

    [Fact]
    public async Task A_layout_with_one_key_per_environment_gives_no_finding_without_any_private_key()
    {
        var (exit, lines) = await ScanAsync();
        Assert.Equal(0, exit);
        Assert.Empty(lines);
        var json = await CliRunner.RunAsync(["scan", "--recipients", "--format", "json", "."], new Dictionary<string, string?>(), cwd: _dir.Path);
        using var doc = JsonDocument.Parse(json.StdoutText);
        Assert.True(doc.RootElement.GetProperty("clean").GetBoolean());
        Assert.Equal(0, doc.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task The_staging_key_on_a_prod_file_is_SK_RECIPIENT_001_in_scan_and_in_release_lint_before_any_helm_call()
    {
        var rotated = await RunAsync(["rotate", "-i", "--add-age", _age["staging"].Recipient, "secrets/prod/app.yaml"], "prod");
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);

        var (exit, lines) = await ScanAsync();
        Assert.Equal(1, exit);
        var line = Assert.Single(lines);
        Assert.StartsWith("secrets/prod/app.yaml: SK-RECIPIENT-001 (HIGH) Recipient outside the file's creation rule: age " + _age["staging"].Recipient, line, StringComparison.Ordinal);
        Assert.Contains("creation_rules[2] (path_regex '^secrets/prod/') of .sops.yaml does not list it", line, StringComparison.Ordinal);

        // lint: the check runs first and stops the run; helm is never reached (HELM_BIN is a script that leaves a mark when run)
        var lint = await LintProdAsync();
        Assert.Equal(1, lint.ExitCode);
        Assert.Contains("secretskit: recipients (prod): 1 finding\n  | " + line + "\n", lint.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("helm-ran")), lint.Stderr);
        Assert.DoesNotContain("prod-app-value-0042", lint.StdoutText + lint.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kms_key_outside_the_rule_is_SK_RECIPIENT_001_named_by_its_arn()
    {
        var other = _kms.CreateKey("us-east-1");
        var rotated = await RunAsync(["rotate", "-i", "--add-kms", other, "secrets/prod/env.yaml"], "prod");
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        var (exit, lines) = await ScanAsync();
        Assert.Equal(1, exit);
        Assert.StartsWith($"secrets/prod/env.yaml: SK-RECIPIENT-001 (HIGH) Recipient outside the file's creation rule: kms {other} can decrypt this file", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_key_the_files_lack_is_SK_RECIPIENT_002_until_updatekeys_rewraps_them()
    {
        var rules = File.ReadAllText(_dir.File(".sops.yaml")).Replace($"age: {_age["prod"].Recipient}", $"age: {_age["prod"].Recipient},{_age["extra"].Recipient}", StringComparison.Ordinal);
        File.WriteAllText(_dir.File(".sops.yaml"), rules);

        var (exit, lines) = await ScanAsync();
        Assert.Equal(1, exit);
        Assert.Equal(
            [
                $"secrets/prod/app.yaml: SK-RECIPIENT-002 (MEDIUM) Recipient of the creation rule missing from the file: creation_rules[2] (path_regex '^secrets/prod/') of .sops.yaml lists age {_age["extra"].Recipient}, but the file is not encrypted to it: run secretskit updatekeys secrets/prod/app.yaml",
                $"secrets/prod/env.yaml: SK-RECIPIENT-002 (MEDIUM) Recipient of the creation rule missing from the file: creation_rules[2] (path_regex '^secrets/prod/') of .sops.yaml lists age {_age["extra"].Recipient}, but the file is not encrypted to it: run secretskit updatekeys secrets/prod/env.yaml",
            ], lines);

        foreach (var file in new[] { "secrets/prod/app.yaml", "secrets/prod/env.yaml" })
        {
            var updated = await RunAsync(["updatekeys", "-y", file], "prod");
            Assert.True(updated.ExitCode == 0, updated.Stderr);
        }
        Assert.Equal((0, Array.Empty<string>()), await ScanAsync());
    }

    [Fact]
    public async Task A_key_in_the_rules_of_staging_and_prod_is_SK_RECIPIENT_003_unless_every_rule_marks_it_shared()
    {
        WriteRules(stagingExtra: $"    kms: {_arn}");
        foreach (var file in new[] { "secrets/staging/app.yaml", "secrets/staging/env.yaml" })
        {
            var updated = await RunAsync(["updatekeys", "-y", file], "staging");
            Assert.True(updated.ExitCode == 0, updated.Stderr);
        }

        var (exit, lines) = await ScanAsync();
        Assert.Equal(1, exit);
        var line = Assert.Single(lines);
        Assert.StartsWith($"secrets/staging/env.yaml: SK-RECIPIENT-003 (HIGH) Recipient shared by two environments: kms {_arn} is in creation_rules[1] (path_regex '^secrets/staging/') of .sops.yaml (read by staging: secrets/staging/env.yaml) and in creation_rules[2] (path_regex '^secrets/prod/') of .sops.yaml (read by prod: secrets/prod/env.yaml)", line, StringComparison.Ordinal);

        // prod's lint names it too (at prod's file); staging's rule alone marking it shared is not enough
        WriteRules(stagingExtra: $"    kms: {_arn}\n    scan: {{shared_recipients: [\"{_arn}\"]}}");
        var lint = await LintProdAsync();
        Assert.Equal(1, lint.ExitCode);
        Assert.Contains($"  | secrets/prod/env.yaml: SK-RECIPIENT-003 (HIGH) Recipient shared by two environments: kms {_arn} is in creation_rules[2]", lint.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: recipients (prod): 1 finding", lint.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("helm-ran")), lint.Stderr);

        WriteRules(stagingExtra: $"    kms: {_arn}\n    scan: {{shared_recipients: [\"{_arn}\"]}}", prodExtra: $"    scan: {{shared_recipients: [\"kms {_arn}\"]}}");
        Assert.Equal((0, Array.Empty<string>()), await ScanAsync());
    }
}
