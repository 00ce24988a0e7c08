using System.Diagnostics;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tests.Operations;

namespace SecretsKit.Core.Tests.Fuzz;

/// <summary>
/// The CI slice of the fuzz campaign: every reader and the metadata, through a real age decrypt, over seeded mutations
/// of valid encrypted files (the YAML one written by real sops, the others encrypted here to the harness's age key,
/// since the other real sops fixtures need PGP). Each case must be refused with a short, clean error or decrypt with its MAC verified;
/// nothing may crash, hang or run away with memory. The longer campaign is <c>bench/fuzz</c> (same mutator, more seeds).
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    /// <summary>Seeds per fixture in CI (5 fixtures: 1,000 cases).</summary>
    internal const int SeedsPerFixture = 200;

    /// <summary>
    /// Open findings of the campaign, left out of the CI slice until fixed (each one is in docs/hostile-input.md). None
    /// today: YAML seed 25 (10,001 nested flow sequences) once got no answer within 60 s at load average 70; it is
    /// refused at the depth limit in about a second on an idle machine.
    /// </summary>
    private static readonly HashSet<(string Format, int Seed)> KnownFindings = [];

    private readonly OperationsHarness _harness = new("sopsnix-age-keys.txt", "age-unittest-identity.txt");

    public static TheoryData<string> Formats() => new() { "yaml", "json", "dotenv", "ini", "binary" };

    private static readonly Dictionary<string, string> Plaintexts = new(StringComparer.Ordinal)
    {
        ["json"] = "{\"a\": \"s1\", \"n\": 5, \"l\": [1, \"x\", true], \"o\": {\"b_unencrypted\": \"p\", \"c\": null}}",
        ["dotenv"] = "# comment\nA=s1\nB_unencrypted=p\nC=multi\\nline\n",
        ["ini"] = "[s]\na = s1\nb_unencrypted = p\n[t]\nc = 2\n",
        ["binary"] = "binary secret\n\u0001\u0002",
    };

    /// <summary>The valid file a format's cases start from.</summary>
    private async Task<byte[]> OriginalAsync(string format)
    {
        if (format == "yaml") return File.ReadAllBytes(SharedFixtures.PathOf("sopsnix-secrets.enc.yaml"));
        var io = FormatRegistry.Create(format);
        var plain = io.ParsePlain(Encoding.UTF8.GetBytes(Plaintexts[format]));
        var file = await _harness.Engine.EncryptAsync(plain, new EncryptionSettings([[_harness.Key(OperationsHarness.Recipient)]]));
        return file.Emit(io);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Mutated_sops_files_are_refused_cleanly_or_decrypt_with_their_mac_verified(string format)
    {
        var fixture = "fuzz." + format;
        var original = await OriginalAsync(format);
        // The unmutated file decrypts: the harness holds its key, so a refusal below is the mutation's doing.
        await DecryptAsync(original, fixture, format);
        var failures = new List<string>();
        for (var seed = 0; seed < SeedsPerFixture; seed++)
        {
            if (KnownFindings.Contains((format, seed))) continue;
            var mutated = FileMutator.Mutate(original, seed);
            var problem = await CheckAsync(mutated, fixture, format);
            if (problem is not null) failures.Add($"seed {seed}: {problem}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {SeedsPerFixture} cases broke an invariant:\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary>One case: null when it upholds the invariants, else what went wrong.</summary>
    internal async Task<string?> CheckAsync(byte[] input, string fixture, string format)
    {
        var clock = Stopwatch.StartNew();
        var run = Task.Run(() => DecryptAsync(input, fixture, format));
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) != run) return "no answer within 60 s (hang)";
        try
        {
            await run;
            return null; // decrypted: the engine verified the MAC
        }
        catch (SecretsKitException e)
        {
            // A few key attempts with identifiers cut to 80 characters, plus the file name and a hint.
            if (e.Message.Length > 2000) return $"error message of {e.Message.Length} characters";
            if (e.Message.Contains("   at ", StringComparison.Ordinal)) return "stack trace in the message";
            return null;
        }
        catch (Exception e)
        {
            return $"crash: {e.GetType().Name} after {clock.ElapsedMilliseconds} ms";
        }
    }

    private Task<DecryptedFile> DecryptAsync(byte[] input, string fixture, string format) =>
        new SecretFileReader(_harness.Engine).DecryptAsync(input, fixture, FormatRegistry.Create(format), DecryptOptions.Default);

    public void Dispose() => _harness.Dispose();
}
