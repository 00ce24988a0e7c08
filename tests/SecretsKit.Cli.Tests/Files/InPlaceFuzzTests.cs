using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// The reader fuzz campaign's mutated files (<c>tests/SecretsKit.Testing/Fuzz</c>, the same seeds as the CI slice) through
/// the verbs that rewrite a file in place, run in-process through the CLI's own entry point (<c>CliApp.RunAsync</c>): a
/// verb that fails leaves the file byte-identical with nothing beside it, and one that succeeds leaves a file whose MAC
/// verifies (for <c>rotate</c>, with the very plaintext the mutated file held). No verb crashes or hangs.
/// </summary>
public sealed class InPlaceFuzzTests : IDisposable
{
    /// <summary>Seeds per format (5 formats × 4 verbs: 800 in-process runs, about 10 s).</summary>
    private const int SeedsPerFormat = 40;

    private static readonly string[][] Verbs =
    [
        ["rotate", "-i"],
        ["set", "{file}", "[\"fuzz_added\"]", "\"v\""],
        ["unset", "{file}", "[\"a\"]"],
        ["encrypt", "-i"],
    ];

    private readonly ReaderFuzzer _fuzzer = new();

    /// <summary>HOME of the runs, apart from the file's directory (a PGP attempt on the sops-made YAML may create ~/.gnupg).</summary>
    private readonly TempDir _home = new();

    public static TheoryData<string> Formats() => new(ReaderFuzzer.Formats);

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task In_place_verbs_on_mutated_files_leave_them_untouched_or_valid(string format)
    {
        var failures = new List<string>();
        var (rewritten, refused) = (0, 0);
        for (var seed = 0; seed < SeedsPerFormat; seed++)
        {
            var input = FileMutator.Mutate(await _fuzzer.OriginalAsync(format), seed);
            var plain = await _fuzzer.PlaintextAsync(input, format);
            foreach (var verb in Verbs)
            {
                var (exit, problem) = await CheckAsync(format, input, plain, verb);
                if (problem is not null) failures.Add($"seed {seed} {verb[0]}: {problem}");
                if (exit == 0) rewritten++;
                else refused++;
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} in-place runs broke an invariant:\n" + string.Join("\n", failures.Take(20)));
        // both sides of the invariant were exercised: some mutated files were rewritten, some refused
        Assert.True(rewritten > 0 && refused > 0, $"rewritten {rewritten}, refused {refused}");
    }

    /// <summary>Runs one verb on a copy of <paramref name="input"/>: its exit code and the invariant it broke, if any.</summary>
    private async Task<(int Exit, string? Problem)> CheckAsync(string format, byte[] input, byte[]? plain, string[] verb)
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "fuzz." + (format == "dotenv" ? "env" : format)); // the CLI tells the format by extension
        File.WriteAllBytes(path, input);
        var args = verb.Contains("{file}") ? verb.Select(a => a == "{file}" ? path : a).ToArray() : [.. verb, path];
        var (exit, stderr) = await RunAsync(args, dir.Path);
        var after = File.ReadAllBytes(path);
        var beside = Directory.GetFileSystemEntries(dir.Path).Where(e => e != path).ToList();
        if (beside.Count > 0) return (exit, $"exit {exit}, left {string.Join(", ", beside.Select(Path.GetFileName))}");
        if (stderr.Contains("   at ", StringComparison.Ordinal)) return (exit, "stack trace on stderr");
        if (exit != 0) return (exit, after.AsSpan().SequenceEqual(input) ? null : $"exit {exit} but the file changed");
        if (verb[0] == "encrypt") return (exit, "encrypted an already encrypted file");
        var now = await _fuzzer.PlaintextAsync(after, format);
        if (now is null) return (exit, "succeeded but the file no longer decrypts");
        if (verb[0] == "rotate" && (plain is null || !now.AsSpan().SequenceEqual(plain))) return (exit, "rotate changed the plaintext");
        return (exit, null);
    }

    private async Task<(int Exit, string Stderr)> RunAsync(string[] args, string directory)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["SOPS_AGE_KEY_FILE"] = _fuzzer.KeyFile };
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var context = new CliContext(new MapEnvironment(variables, _home.Path, directory), SystemProcessRunner.Instance, TimeProvider.System,
            Stream.Null, stdout, stderr);
        var run = CliApp.RunAsync(args, context);
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) != run) return (-1, "no answer within 60 s (hang)");
        return (await run, stderr.ToString());
    }

    public void Dispose()
    {
        _fuzzer.Dispose();
        _home.Dispose();
    }
}
