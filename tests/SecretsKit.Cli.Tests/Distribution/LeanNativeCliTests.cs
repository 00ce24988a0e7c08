using System.Runtime.InteropServices;
using SecretsKit.Testing.Aws.Kms;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Distribution;

/// <summary>
/// The native linux-x64 package's two CLIs (issue #47), installed as <see cref="ToolPackageTests"/> installs the tool:
/// <c>secretskit</c> is the lean one (no cloud key sources, no deploy pipeline) and <c>secretskit-full</c> the whole CLI.
/// A copy of the lean binary alone in a folder shows what it does by itself (age files) and what it hands over (a KMS key,
/// an upkeep verb, a deploy verb, root help: "needs the full CLI"); next to <c>secretskit-full</c> the same runs give the full CLI's
/// output and exit code, with standard input handed over after the lean CLI has read it.
/// </summary>
public sealed class LeanNativeCliTests
{
    private const string AgeRecipient = "age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl";

    [Fact]
    public async Task Lean_secretskit_decrypts_age_files_alone_and_hands_kms_files_deploy_verbs_and_help_to_secretskit_full()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64) return; // only linux-x64 is packed natively
        var root = SharedFixtures.RepositoryRoot;
        using var temp = new TempDir("sk-lean-");
        var work = Directory.CreateDirectory(temp.File("work")).FullName;
        var artifacts = await ToolPackageTests.PackAsync(root, temp.File("artifacts"));
        var env = await ToolPackageTests.InstallAsync(artifacts, Directory.CreateDirectory(temp.File("home")).FullName, work);
        var installed = Path.GetDirectoryName(new FileInfo(Path.Combine(env["HOME"]!, ".dotnet", "tools", "secretskit")).ResolveLinkTarget(true)!.FullName)!;
        var lean = Path.Combine(installed, "secretskit");
        var full = Path.Combine(installed, "secretskit-full");
        Assert.True(new FileInfo(lean).Length * 2 < new FileInfo(full).Length, "secretskit is not the lean CLI: it is not under half of secretskit-full's size");
        var alone = Path.Combine(Directory.CreateDirectory(temp.File("alone")).FullName, "secretskit");
        File.Copy(lean, alone);
        File.SetUnixFileMode(alone, File.GetUnixFileMode(lean));
        await using var kms = await FakeKmsServer.StartAsync();
        env["SOPS_AGE_KEY_FILE"] = Path.Combine(root, "examples", "keys", "age-example.txt");
        env["AWS_ACCESS_KEY_ID"] = "AKIDLEANTEST";
        env["AWS_SECRET_ACCESS_KEY"] = "lean-secret-never-shown";
        env["AWS_ENDPOINT_URL_KMS"] = kms.BaseAddress.ToString();
        env["AWS_EC2_METADATA_DISABLED"] = "true";
        var plain = await File.ReadAllBytesAsync(Path.Combine(root, "examples", "demo", "secrets.yaml"));
        await File.WriteAllBytesAsync(Path.Combine(work, "plain.yaml"), plain);
        Task<ProcessRun.Result> Run(string exe, string[] args, byte[]? stdin = null) =>
            ProcessRun.RunAsync(exe, args, env, stdin: stdin, cwd: work, timeout: TimeSpan.FromMinutes(1));

        // age: the lean CLI alone decrypts what the full CLI encrypted, byte for byte, from a file and from stdin
        var ageFile = await Run(full, ["encrypt", "--age", AgeRecipient, "plain.yaml"]);
        Assert.True(ageFile.ExitCode == 0, ageFile.Stderr);
        await File.WriteAllBytesAsync(Path.Combine(work, "age.enc.yaml"), ageFile.Stdout);
        AssertPlaintext(plain, await Run(alone, ["decrypt", "age.enc.yaml"]));
        AssertPlaintext(plain, await Run(alone, ["decrypt", "--input-type", "yaml"], ageFile.Stdout));

        // a KMS key (the file's only key, or SOPS_KMS_ARN): the lean CLI alone cannot, the pair gives what secretskit-full gives
        var arn = kms.CreateKey("eu-west-1");
        var kmsFile = await Run(full, ["encrypt", "--kms", arn, "plain.yaml"]);
        Assert.True(kmsFile.ExitCode == 0, kmsFile.Stderr);
        await File.WriteAllBytesAsync(Path.Combine(work, "kms.enc.yaml"), kmsFile.Stdout);
        var lacking = await Run(alone, ["decrypt", "kms.enc.yaml"]);
        Assert.Equal(1, lacking.ExitCode);
        Assert.Contains("a kms key needs the full CLI, secretskit-full", lacking.Stderr, StringComparison.Ordinal);
        AssertPlaintext(plain, await Run(lean, ["decrypt", "kms.enc.yaml"]));
        AssertPlaintext(plain, await Run(lean, ["decrypt", "--input-type", "yaml"], kmsFile.Stdout)); // stdin read, then handed over
        env["SOPS_KMS_ARN"] = arn;
        var byVariable = await Run(lean, ["encrypt", "--filename-override", "plain.yaml"], plain);
        env.Remove("SOPS_KMS_ARN");
        Assert.True(byVariable.ExitCode == 0, byVariable.Stderr);
        Assert.Contains(arn, byVariable.StdoutText, StringComparison.Ordinal);
        AssertPlaintext(plain, await Run(lean, ["decrypt", "--input-type", "yaml"], byVariable.Stdout));

        // an upkeep verb (rotate): the lean CLI alone cannot, the pair rotates; filestatus stays the lean CLI's own
        var upkeep = await Run(alone, ["rotate", "age.enc.yaml"]);
        Assert.Equal(1, upkeep.ExitCode);
        Assert.Contains("needs the full CLI, secretskit-full", upkeep.Stderr, StringComparison.Ordinal);
        var rotated = await Run(lean, ["rotate", "age.enc.yaml"]);
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        Assert.NotEqual(ageFile.Stdout, rotated.Stdout);
        await File.WriteAllBytesAsync(Path.Combine(work, "rotated.enc.yaml"), rotated.Stdout);
        AssertPlaintext(plain, await Run(alone, ["decrypt", "rotated.enc.yaml"]));
        var status = await Run(alone, ["filestatus", "rotated.enc.yaml"]);
        Assert.Equal((0, "{\"encrypted\":true}"), (status.ExitCode, status.StdoutText.Trim()));

        // a deploy verb, root help, a command error: the same output and exit code as secretskit-full run directly (through a
        // link named secretskit, as the lean CLI hands over its own argv[0])
        var fullNamed = Path.Combine(Directory.CreateDirectory(temp.File("full")).FullName, "secretskit");
        File.CreateSymbolicLink(fullNamed, full);
        foreach (var args in new[] { new[] { "--help" }, ["validate", "no-such-manifest.yaml"], ["release", "--help"], ["decrypt", "no-such-file.yaml"], ["encrypt", "--help"], ["rotate", "--help"], ["keygen", "--help"] })
        {
            var direct = await Run(fullNamed, args);
            var handed = await Run(lean, args);
            Assert.Equal((direct.ExitCode, direct.StdoutText, direct.Stderr), (handed.ExitCode, handed.StdoutText, handed.Stderr));
        }
        // every command of the full CLI is known to the lean one: it runs it, or hands it over (never "unknown command")
        foreach (var name in CliApp.CommandNames)
        {
            var help = await Run(alone, [name, "--help"]);
            Assert.True(help.ExitCode == 0 || help.Stderr.Contains("needs the full CLI, secretskit-full", StringComparison.Ordinal),
                $"{name} --help: exit {help.ExitCode}: {help.Stderr}");
        }
        var noHelp = await Run(alone, ["--help"]);
        Assert.Equal(1, noHelp.ExitCode);
        Assert.Contains("needs the full CLI, secretskit-full", noHelp.Stderr, StringComparison.Ordinal);
    }

    private static void AssertPlaintext(byte[] expected, ProcessRun.Result run)
    {
        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + ": " + run.Stderr);
        Assert.Equal(expected, run.Stdout);
    }
}
