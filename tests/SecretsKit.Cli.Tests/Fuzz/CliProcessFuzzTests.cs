using System.Diagnostics;
using System.Reflection;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;

namespace SecretsKit.Cli.Tests.Fuzz;

/// <summary>
/// The seeded fuzz slices of release states and values, <c>.sops.yaml</c> and key stanzas run through the real
/// <c>secretskit</c> process, on the same inputs the in-process slices mutate (<see cref="FuzzCorpus"/>):
/// <c>release list</c>/<c>release build</c> over a mutated helmfile state or environment values file (every fifth values
/// case a link to <c>/dev/zero</c>), <c>encrypt</c> under a mutated <c>.sops.yaml</c>, and <c>decrypt</c> of a sops file
/// whose key stanzas are mutated, with every cloud key source sent to a closed loopback port. Each process runs with a
/// 256 MiB managed heap limit and a 60 s deadline; it must exit with 0 or a documented exit code, print no stack trace,
/// unhandled exception or internal error, and no line over 2,500 characters. The campaign: bench/fuzz-targets.sh.
/// </summary>
public sealed class CliProcessFuzzTests
{
    private const int CiSeeds = 6;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly HashSet<int> Documented = [.. typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => (int)f.GetRawConstantValue()!), 0];

    [Fact]
    public async Task Release_list_and_build_over_mutated_states_and_values_exit_cleanly_in_time_and_memory()
    {
        Assert.Null(await StateAsync(Encoding.UTF8.GetBytes(FuzzCorpus.State), Encoding.UTF8.GetBytes(FuzzCorpus.StateValues), zero: false, mustPass: true));
        var report = await FuzzCampaign.RunAsync(CiSeeds, async seed =>
        {
            var mutateState = seed % 2 == 0;
            var (bytes, classes) = YamlMutator.Mutate(mutateState ? FuzzCorpus.State : FuzzCorpus.StateValues, seed);
            var problem = mutateState
                ? await StateAsync(bytes, Encoding.UTF8.GetBytes(FuzzCorpus.StateValues), zero: false)
                : await StateAsync(Encoding.UTF8.GetBytes(FuzzCorpus.State), bytes, zero: seed % 5 == 4);
            return problem is null ? null : $"({(mutateState ? "state" : "values")}: {classes}) {problem}";
        });
        Assert.True(report is null, report);
    }

    [Fact]
    public async Task Encrypt_under_mutated_sops_yaml_files_exits_cleanly_in_time_and_memory()
    {
        Assert.Null(await ConfigAsync(Encoding.UTF8.GetBytes(FuzzCorpus.SopsConfig), "other/app.yaml", mustPass: true));
        var report = await FuzzCampaign.RunAsync(CiSeeds, async seed =>
        {
            var (bytes, classes) = YamlMutator.Mutate(FuzzCorpus.SopsConfig, seed);
            var target = new[] { "secrets/app.yaml", "flat/app.yaml", "other/app.yaml" }[seed % 3];
            return await ConfigAsync(bytes, target) is { } problem ? $"({classes}, {target}) {problem}" : null;
        });
        Assert.True(report is null, report);
    }

    [Fact]
    public async Task Decrypt_of_mutated_key_stanzas_of_every_type_exits_cleanly_in_time_and_memory_without_a_real_host()
    {
        var bases = FuzzCorpus.KeyStanzaBases();
        foreach (var b in bases) Assert.Null(await StanzasAsync(Encoding.UTF8.GetBytes(b), mustPass: true));
        var report = await FuzzCampaign.RunAsync(CiSeeds, async seed =>
        {
            var (bytes, classes) = YamlMutator.Mutate(bases[seed % bases.Count], seed);
            return await StanzasAsync(bytes) is { } problem ? $"({classes}) {problem}" : null;
        });
        Assert.True(report is null, report);
    }

    private static async Task<string?> StateAsync(byte[] state, byte[] values, bool zero, bool mustPass = false)
    {
        using var dir = new TempDir("sk-cli-state-fuzz-");
        dir.Write("helmfile.yaml", state);
        if (zero) File.CreateSymbolicLink(dir.File("env.yaml"), "/dev/zero");
        else dir.Write("env.yaml", values);
        dir.Write("values/web.yaml", "a: 1\n");
        foreach (var verb in new[] { "list", "build" })
        {
            if (await RunAsync(["release", verb], new Dictionary<string, string?>(), dir.Path, mustPass) is { } problem) return $"release {verb}: {problem}";
        }
        return null;
    }

    private static async Task<string?> ConfigAsync(byte[] config, string target, bool mustPass = false)
    {
        using var dir = new TempDir("sk-cli-config-fuzz-");
        dir.Write(".sops.yaml", config);
        dir.Write(target, "password: hunter2\nother: x\n");
        var env = CloudEnvironment(dir);
        var problem = await RunAsync(["encrypt", target], env, dir.Path, mustPass);
        return problem;
    }

    private static async Task<string?> StanzasAsync(byte[] file, bool mustPass = false)
    {
        using var dir = new TempDir("sk-cli-stanza-fuzz-");
        dir.Write("fuzz.enc.yaml", file);
        return await RunAsync(["decrypt", "fuzz.enc.yaml"], CloudEnvironment(dir), dir.Path, mustPass);
    }

    /// <summary>The age identities, an empty GnuPG home and every cloud SDK endpoint at a closed loopback port.</summary>
    private static Dictionary<string, string?> CloudEnvironment(TempDir dir)
    {
        var env = FuzzCorpus.ClosedCloudEnvironment().ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
        env["SOPS_AGE_KEY_FILE"] = dir.Write("keys/age.txt", FuzzCorpus.AgeKeyFileText);
        Directory.CreateDirectory(dir.File("gnupg"));
        env["GNUPGHOME"] = dir.File("gnupg");
        return env;
    }

    /// <summary>One process under the heap limit and the deadline; what broke, or null.</summary>
    private static async Task<string?> RunAsync(string[] args, Dictionary<string, string?> env, string cwd, bool mustPass)
    {
        env["DOTNET_GCHeapHardLimit"] = "0x10000000"; // 256 MiB: a reader without a budget ends in OutOfMemoryException
        var clock = Stopwatch.StartNew();
        ProcessRun.Result r;
        try
        {
            r = await CliRunner.RunAsync(args, env, cwd: cwd, timeout: Deadline, recordOutput: false);
        }
        catch (TimeoutException)
        {
            return $"no exit within {Deadline.TotalSeconds} s";
        }
        var what = $"exit {r.ExitCode} after {clock.ElapsedMilliseconds} ms";
        if (mustPass && r.ExitCode != 0) return $"{what}: the unmutated input failed: {Echo.Bounded(r.Stderr, 300)}";
        if (!Documented.Contains(r.ExitCode)) return $"{what}: not a documented exit code: {Echo.Bounded(r.Stderr, 300)}";
        if (FuzzCampaign.OutputProblem(r.Stderr) is { } problem) return $"{what}: {problem}: {Echo.Bounded(r.Stderr, 300)}";
        return r.Stderr.Contains("hunter2", StringComparison.Ordinal) ? $"{what}: the plaintext is in stderr" : null;
    }
}
