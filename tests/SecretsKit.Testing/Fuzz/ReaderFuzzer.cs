using System.Diagnostics;
using System.Text;
using SecretsKit.Core.Age;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Fuzz;

/// <summary>
/// The reader fuzz campaign's cases, shared by the CI slice (<c>ReaderFuzzTests</c>, a fixed number of seeds) and the
/// longer campaign (<c>bench/Fuzz</c>, as many seeds as time allows): a valid encrypted file per format (the YAML one
/// written by real sops, the others encrypted here to the fixture age key, since the other real sops fixtures need
/// PGP), mutated by <see cref="FileMutator"/>, decrypted through the real readers and a real age unwrap. Each case must
/// be refused with a short, clean <see cref="SecretsKitException"/> or decrypt with its MAC verified; nothing may crash
/// or hang.
/// </summary>
public sealed class ReaderFuzzer : IDisposable
{
    /// <summary>A refusal names a few key attempts with identifiers cut to 80 characters, the file and a hint.</summary>
    public const int MaxMessageLength = 2000;

    public static IReadOnlyList<string> Formats { get; } = ["yaml", "json", "dotenv", "ini", "binary"];

    private const string Recipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";

    private static readonly Dictionary<string, string> Plaintexts = new(StringComparer.Ordinal)
    {
        ["json"] = "{\"a\": \"s1\", \"n\": 5, \"l\": [1, \"x\", true], \"o\": {\"b_unencrypted\": \"p\", \"c\": null}}",
        ["dotenv"] = "# comment\nA=s1\nB_unencrypted=p\nC=multi\\nline\n",
        ["ini"] = "[s]\na = s1\nb_unencrypted = p\n[t]\nc = 2\n",
        ["binary"] = "binary secret\n\u0001\u0002",
    };

    private readonly string _keyDirectory;
    private readonly AgeKeySource _age;
    private readonly SopsEngine _engine;
    private readonly Dictionary<string, byte[]> _originals = new(StringComparer.Ordinal);

    public ReaderFuzzer()
    {
        _keyDirectory = Directory.CreateTempSubdirectory("sk-fuzz-").FullName;
        var keyFile = Path.Combine(_keyDirectory, "keys.txt");
        File.WriteAllText(keyFile, string.Join("\n",
            new[] { "sopsnix-age-keys.txt", "age-unittest-identity.txt" }.Select(f => File.ReadAllText(SharedFixtures.PathOf(f)))));
        var env = new MapEnvironment(new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = keyFile }, "/nonexistent", "/");
        _age = new AgeKeySource(new KeySourceContext(env, SystemProcessRunner.Instance, TimeProvider.System));
        _engine = new SopsEngine(new KeySourceRegistry().Register(_age), TimeProvider.System);
    }

    /// <summary>The valid file a format's cases start from; it decrypts (checked once), so a refusal is the mutation's doing.</summary>
    public async Task<byte[]> OriginalAsync(string format)
    {
        if (_originals.TryGetValue(format, out var cached)) return cached;
        byte[] original;
        if (format == "yaml")
        {
            original = File.ReadAllBytes(SharedFixtures.PathOf("sopsnix-secrets.enc.yaml"));
        }
        else
        {
            var io = FormatRegistry.Create(format);
            var plain = io.ParsePlain(Encoding.UTF8.GetBytes(Plaintexts[format]));
            var file = await _engine.EncryptAsync(plain, new EncryptionSettings([[_age.Parse(Recipient, KeyParseOptions.None)]]));
            original = file.Emit(io);
        }
        await DecryptAsync(original, format);
        return _originals[format] = original;
    }

    /// <summary>The case of <paramref name="format"/> and <paramref name="seed"/>: its mutated file, checked.</summary>
    public async Task<FuzzOutcome> RunAsync(string format, int seed, TimeSpan timeout) =>
        await CheckAsync(FileMutator.Mutate(await OriginalAsync(format), seed), format, timeout);

    /// <summary>One case: decrypts <paramref name="input"/> on a pool thread and says which invariant broke, if any.</summary>
    public async Task<FuzzOutcome> CheckAsync(byte[] input, string format, TimeSpan timeout)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        var run = Task.Run(() => DecryptAsync(input, format));
        if (await Task.WhenAny(run, Task.Delay(timeout)) != run)
        {
            return new FuzzOutcome($"no answer within {timeout.TotalSeconds:0} s (hang)", null, clock.Elapsed, GC.GetTotalAllocatedBytes() - allocatedBefore);
        }
        string? problem = null;
        int? exitCode = null;
        try
        {
            await run;
            exitCode = 0; // the engine verified the MAC
        }
        catch (SecretsKitException e)
        {
            exitCode = e.ExitCode;
            if (e.Message.Length > MaxMessageLength) problem = $"error message of {e.Message.Length} characters";
            else if (e.Message.Contains("   at ", StringComparison.Ordinal)) problem = "stack trace in the message";
        }
        catch (Exception e)
        {
            problem = $"crash: {e.GetType().Name} after {clock.ElapsedMilliseconds} ms";
        }
        return new FuzzOutcome(problem, exitCode, clock.Elapsed, GC.GetTotalAllocatedBytes() - allocatedBefore);
    }

    /// <summary>The age identities the cases decrypt with (a <c>SOPS_AGE_KEY_FILE</c> for a CLI run over the same files).</summary>
    public string KeyFile => Path.Combine(_keyDirectory, "keys.txt");

    /// <summary>The plaintext <paramref name="input"/> decrypts to (MAC verified), emitted in its format, or null when it is refused.</summary>
    public async Task<byte[]?> PlaintextAsync(byte[] input, string format)
    {
        try
        {
            return FormatRegistry.Create(format).EmitPlain((await DecryptAsync(input, format)).Plain);
        }
        catch (SecretsKitException)
        {
            return null;
        }
    }

    private Task<DecryptedFile> DecryptAsync(byte[] input, string format) =>
        new SecretFileReader(_engine).DecryptAsync(input, "fuzz." + format, FormatRegistry.Create(format), DecryptOptions.Default);

    public void Dispose() => Directory.Delete(_keyDirectory, recursive: true);
}
