using System.Diagnostics;
using System.Globalization;
using SecretsKit.Core.Errors;

namespace SecretsKit.Testing.Fuzz;

/// <summary>
/// How many seeded cases a fuzz test runs: its own CI slice by default, or the campaign's size when
/// <c>bench/fuzz-targets.sh</c> sets <c>SECRETSKIT_FUZZ_SEEDS</c> (cases per target) and <c>SECRETSKIT_FUZZ_FIRST_SEED</c>
/// (the first seed; CI starts at 0), and <c>SECRETSKIT_FUZZ_REPORT</c> (a file each run appends its count and every failure
/// to, since a test's failure message is cut). Each failure names its seed, so one case runs again with
/// <c>SECRETSKIT_FUZZ_FIRST_SEED=N SECRETSKIT_FUZZ_SEEDS=1</c>. Also the oracles every target shares.
/// </summary>
public static class FuzzCampaign
{
    /// <summary>A heap limit (512 MiB) given to each process under test: a case that would need more dies, and is a crash.</summary>
    public const string HeapLimitVariable = "DOTNET_GCHeapHardLimit";

    public const string HeapLimit = "0x20000000";

    /// <summary>The seeds to run: <paramref name="ciSlice"/> of them from 0, unless the campaign's variables say otherwise.</summary>
    public static IEnumerable<int> Seeds(int ciSlice)
    {
        var first = Number("SECRETSKIT_FUZZ_FIRST_SEED") ?? 0;
        var count = Number("SECRETSKIT_FUZZ_SEEDS") ?? ciSlice;
        return Enumerable.Range(first, count);
    }

    private static int? Number(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>
    /// What is wrong with the output of a refused or partly failed run, or null: a stack trace, the runtime's unhandled
    /// exception report, an "unexpected …" internal error, or a line longer than <paramref name="maxLine"/>.
    /// </summary>
    public static string? OutputProblem(string output, int maxLine = 2_500)
    {
        if (output.Contains("   at ", StringComparison.Ordinal)) return "a stack trace";
        if (output.Contains("Unhandled exception", StringComparison.Ordinal)) return "an unhandled exception";
        if (output.Contains("unexpected", StringComparison.OrdinalIgnoreCase) && output.Contains("report this", StringComparison.OrdinalIgnoreCase)) return "an internal error";
        var longest = output.Split('\n').Max(l => l.Length);
        return longest > maxLine ? $"a line of {longest:N0} characters" : null;
    }

    /// <summary>
    /// Runs every seed, collecting "seed N: problem" for each broken invariant; null when every case held, else the report
    /// (a test asserts it is null, so the report is its failure message).
    /// </summary>
    public static async Task<string?> RunAsync(int ciSlice, Func<int, Task<string?>> check)
    {
        var failures = new List<string>();
        var cases = 0;
        foreach (var seed in Seeds(ciSlice))
        {
            cases++;
            if (await check(seed) is { } problem) failures.Add($"seed {seed}: {problem}");
        }
        var report = failures.Count == 0 ? null : $"{failures.Count} of {cases} cases broke an invariant:\n" + string.Join("\n", failures.Take(20));
        if (Environment.GetEnvironmentVariable("SECRETSKIT_FUZZ_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllText(file, $"{cases} cases, {failures.Count} failures\n" + string.Join("\n", failures) + "\n");
        }
        return report;
    }

    /// <summary>
    /// Runs one in-process case on a pool thread: it must finish within <paramref name="limit"/> and either succeed
    /// (Refusal null) or throw one <see cref="SecretsKitException"/> of at most 2,000 characters with no stack trace or
    /// internal error in it (Refusal set). Anything else, or a hang, is the Problem.
    /// </summary>
    public static async Task<(string? Problem, SecretsKitException? Refusal)> InProcessAsync(Func<Task> action, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var run = Task.Run(action);
        if (await Task.WhenAny(run, Task.Delay(limit)) != run) return ($"no answer within {limit.TotalSeconds:0} s", null);
        try
        {
            await run;
            return (null, null);
        }
        catch (SecretsKitException e)
        {
            if (e.Message.Length > ReaderFuzzer.MaxMessageLength) return ($"an error of {e.Message.Length:N0} characters", e);
            return (OutputProblem(e.Message) is { } problem ? problem + ": " + Echo.Bounded(e.Message, 300) : null, e);
        }
        catch (Exception e)
        {
            return ($"crash: {e.GetType().Name}: {Echo.Bounded(e.Message, 300)} after {clock.ElapsedMilliseconds} ms", null);
        }
    }
}
