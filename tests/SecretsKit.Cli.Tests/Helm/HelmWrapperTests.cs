using System.Diagnostics;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using System.Globalization;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary><c>secretskit helm …</c> against a fake helm that records argv and the value files it saw.</summary>
public sealed class HelmWrapperTests
{
    private const string Secret = "s3cr3t-hunter-77";
    private const string Plain = $"db:\n    password: {Secret}\n";

    private static async Task<string> EncryptedAsync(TempDir dir, string name, string plain = Plain)
    {
        var path = dir.Write(name, plain);
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path });
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        return path;
    }

    private static Dictionary<string, string?> Env(FakeHelm helm, int exit = 0, string? stdout = null, int? sleep = null)
    {
        var env = helm.Environment(exit, stdout, sleep);
        env["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile;
        env["ARGOCD_APP_NAME"] = null;
        env["HELM_SECRETS_QUIET"] = null;
        return env;
    }

    private static void AssertNoSecret(ProcessRun.Result result)
    {
        Assert.DoesNotContain(Secret, result.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HELM_SECRETS_DEC_DIR_holds_the_private_run_directory_of_the_plaintext()
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        await EncryptedAsync(dir, "secrets.yaml");
        var decDir = Directory.CreateDirectory(dir.File("dec")).FullName;
        var env = Env(helm);
        env["HELM_SECRETS_DEC_DIR"] = decDir;

        var result = await CliRunner.RunAsync(["helm", "template", "rel", "./chart", "-f", "secrets.yaml"], env, cwd: dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var call = Assert.Single(helm.Invocations);
        var runDir = Path.GetDirectoryName(call.ValuePaths[0])!;
        Assert.Equal(decDir, Path.GetDirectoryName(runDir));
        Assert.Equal(Plain, call.ValueContents[0]);
        Assert.Empty(Directory.GetFileSystemEntries(decDir));
        AssertNoSecret(result);
    }

    [Fact]
    public async Task Helm_sees_plaintext_during_the_call_and_it_is_gone_afterwards_while_plain_files_pass_untouched()
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        await EncryptedAsync(dir, "secrets.yaml");
        dir.Write("values.yaml", "replicas: 2\n");
        var result = await CliRunner.RunAsync(
            new[] { "helm", "upgrade", "--install", "rel", "./chart", "-f", "values.yaml", "--values=secrets.yaml", "--set-file", "cfg=secrets.yaml", "-f", "?missing.yaml", "--set", "a=b" },
            Env(helm), cwd: dir.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var call = Assert.Single(helm.Invocations);
        Assert.Equal("values.yaml", call.ValuePaths[0]);
        Assert.Equal("replicas: 2\n", call.ValueContents[0]);
        var decrypted = call.ValuePaths[1];
        Assert.NotEqual("secrets.yaml", decrypted);
        Assert.Equal(Plain, call.ValueContents[1]);
        Assert.Equal(decrypted, call.ValuePaths[2]);
        Assert.Equal(new[] { "upgrade", "--install", "rel", "./chart", "-f", "values.yaml", "--values=" + decrypted, "--set-file", "cfg=" + decrypted, "--set", "a=b" }, call.Args);
        Assert.False(File.Exists(decrypted));
        Assert.False(Directory.Exists(Path.GetDirectoryName(decrypted)));
        Assert.Contains("Decrypt: secrets.yaml", result.Stderr, StringComparison.Ordinal);
        AssertNoSecret(result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(0)]
    public async Task Helm_exit_code_passes_through_and_plaintext_is_removed_on_failure_too(int code)
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        await EncryptedAsync(dir, "secrets.yaml");
        var result = await CliRunner.RunAsync(new[] { "helm", "-q", "diff", "upgrade", "--detailed-exitcode", "rel", "c", "-f", "secrets.yaml" },
            Env(helm, code, stdout: "diff output\n"), cwd: dir.Path);
        Assert.Equal(code, result.ExitCode);
        Assert.Equal("diff output\n", result.StdoutText);
        Assert.Equal("", result.Stderr);
        var call = Assert.Single(helm.Invocations);
        Assert.Equal(Plain, call.ValueContents[0]);
        Assert.False(Directory.Exists(Path.GetDirectoryName(call.ValuePaths[0])));
    }

    [Fact]
    public async Task Quiet_by_default_under_argocd_and_a_missing_required_file_is_our_own_error_exit_1()
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        await EncryptedAsync(dir, "secrets.yaml");
        var env = Env(helm);
        env["ARGOCD_APP_NAME"] = "app";
        var ok = await CliRunner.RunAsync(new[] { "helm", "template", "c", "-f", "secrets.yaml" }, env, cwd: dir.Path);
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal("", ok.Stderr);
        var missing = await CliRunner.RunAsync(new[] { "helm", "template", "c", "-f", "nope.yaml" }, Env(helm), cwd: dir.Path);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.yaml", missing.Stderr, StringComparison.Ordinal);
        Assert.Single(helm.Invocations);
    }

    [Fact]
    public async Task Dec_next_to_source_mode_removes_the_dec_it_created()
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        var path = await EncryptedAsync(dir, "secrets.yaml");
        var result = await CliRunner.RunAsync(new[] { "helm", "--dec-next-to-source", "template", "c", "-f", "secrets.yaml" }, Env(helm), cwd: dir.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var call = Assert.Single(helm.Invocations);
        Assert.Equal(path + ".dec", call.ValuePaths[0]);
        Assert.Equal(Plain, call.ValueContents[0]);
        Assert.False(File.Exists(path + ".dec"));
        Assert.Contains("Removed: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_concurrent_runs_use_separate_temp_dirs_and_both_see_their_plaintext()
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        await EncryptedAsync(dir, "a.yaml", "who: a\n");
        await EncryptedAsync(dir, "b.yaml", "who: b\n");
        var runs = await Task.WhenAll(
            CliRunner.RunAsync(new[] { "helm", "template", "a", "-f", "a.yaml" }, Env(helm), cwd: dir.Path),
            CliRunner.RunAsync(new[] { "helm", "template", "b", "-f", "b.yaml" }, Env(helm), cwd: dir.Path));
        Assert.All(runs, r => Assert.Equal(0, r.ExitCode));
        var calls = helm.Invocations;
        Assert.Equal(2, calls.Count);
        Assert.Equal("who: a\n", calls.Single(c => c.Args[1] == "a").ValueContents[0]);
        Assert.Equal("who: b\n", calls.Single(c => c.Args[1] == "b").ValueContents[0]);
        Assert.NotEqual(Path.GetDirectoryName(calls[0].ValuePaths[0]), Path.GetDirectoryName(calls[1].ValuePaths[0]));
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task A_signal_while_helm_hangs_stops_helm_and_removes_the_plaintext(string signal, int expectedExit)
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        await EncryptedAsync(dir, "secrets.yaml");
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true,
            WorkingDirectory = dir.Path,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "secretskit.dll"));
        foreach (var a in new[] { "helm", "upgrade", "rel", "c", "-f", "secrets.yaml" }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in Env(helm, sleep: 120)) if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        psi.Environment["HOME"] = CliRunner.IsolatedHome;
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            var call = await helm.WaitStartedAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(Plain, call.ValueContents[0]);
            using (var kill = Process.Start("kill", new[] { "-" + signal, process.Id.ToString(CultureInfo.InvariantCulture) })) await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(expectedExit, process.ExitCode);
            Assert.False(Directory.Exists(Path.GetDirectoryName(call.ValuePaths[0])));
            CliRunner.Record(psi.ArgumentList.Skip(1).ToList(), await stdout, await stderr);
            Assert.DoesNotContain(Secret, await stderr + await stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Ref_references_in_plain_and_encrypted_values_files_are_resolved_into_the_private_copy_only()
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        await EncryptedAsync(dir, "secrets.yaml", "api: ref+env://API_TOKEN\nreplicas: ref+file://conf.yaml#/n\n");
        dir.Write("conf.yaml", "n: 3\n");
        var plainSource = dir.Write("values.yaml", "token: ref+env://API_TOKEN\n");
        var env = Env(helm);
        env["API_TOKEN"] = Secret;
        var result = await CliRunner.RunAsync(new[] { "helm", "template", "c", "-f", "values.yaml", "-f", "secrets.yaml" }, env, cwd: dir.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var call = Assert.Single(helm.Invocations);
        Assert.Equal($"token: \"{Secret}\"\n", call.ValueContents[0]);
        Assert.Equal($"api: \"{Secret}\"\nreplicas: 3\n", call.ValueContents[1]);
        Assert.Equal("token: ref+env://API_TOKEN\n", File.ReadAllText(plainSource));
        Assert.All(call.ValuePaths, p => Assert.False(File.Exists(p)));
        AssertNoSecret(result);

        env["API_TOKEN"] = null;
        var missing = await CliRunner.RunAsync(new[] { "helm", "template", "c", "-f", "values.yaml" }, env, cwd: dir.Path);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ref+env://API_TOKEN", missing.Stderr, StringComparison.Ordinal);
        Assert.Single(helm.Invocations);
    }

    [Fact]
    public async Task A_secrets_file_sops_would_refuse_is_decrypted_for_helm_with_a_one_line_warning_naming_it()
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        var path = await EncryptedAsync(dir, "secrets.yaml");
        File.WriteAllText(path, "%YAML 1.2\n---\n" + File.ReadAllText(path));

        var result = await CliRunner.RunAsync(["helm", "template", "rel", "./chart", "-f", "secrets.yaml"], Env(helm), cwd: dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Plain, Assert.Single(helm.Invocations).ValueContents[0]);
        var warning = Assert.Single(result.Stderr.Split('\n'), l => l.Contains("warning", StringComparison.Ordinal));
        Assert.StartsWith("secretskit: warning: secrets.yaml: sops 3.13 refuses this file: '%YAML 1.2' on line 1", warning, StringComparison.Ordinal);
        AssertNoSecret(result);
    }
}
