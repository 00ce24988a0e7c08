using System.Text;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Operations;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;

namespace SecretsKit.Cloud.Tests.Fuzz;

/// <summary>
/// The seeded fuzz slice of the key stanzas a file's <c>sops:</c> block holds, every type the registry knows (age, pgp,
/// kms, gcp_kms, azure_kv, hc_vault, hckms), flat and in <c>key_groups</c> with <c>shamir_threshold</c>: real sops files
/// with one stanza of each cloud type added, mutated by <see cref="YamlMutator"/>, read by the real YAML reader and
/// metadata reader, then the data key recovered through the real key sources (age unwraps for real; the cloud ones point
/// at a closed loopback port (the stanzas' own addresses, and the SDK endpoint variables for AWS, GCP, Azure's authority and
/// HuaweiCloud), so no case contacts a real host and they fail as an unreachable service does, within 2 s per key and 6 s in all). Each case
/// must recover the data key or be refused with one <see cref="SecretsKitException"/> line of at most 2,000 characters
/// within 30 s; nothing else may be thrown. The campaign: bench/fuzz-targets.sh.
/// </summary>
public sealed class KeyStanzaFuzzTests : IDisposable
{
    private const int CiSeeds = 300;

    private readonly string _keyDirectory = Directory.CreateTempSubdirectory("sk-stanza-fuzz-").FullName;
    private readonly SopsEngine _engine;
    private readonly string[] _bases;

    public KeyStanzaFuzzTests()
    {
        var keyFile = Path.Combine(_keyDirectory, "keys.txt");
        File.WriteAllText(keyFile, FuzzCorpus.AgeKeyFileText);
        var env = FuzzCorpus.ClosedCloudEnvironment();
        env["SOPS_AGE_KEY_FILE"] = keyFile;
        env["GNUPGHOME"] = _keyDirectory;
        var context = TestContexts.With(env);
        var registry = CloudKeySources.Register(
            new Core.Keys.KeySourceRegistry().Register(new Core.Age.AgeKeySource(context)).Register(new Core.Pgp.PgpKeySource(context)),
            context, TestContexts.FastRetries() with { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(2) });
        _engine = new SopsEngine(registry, TimeProvider.System);
        _bases = [.. FuzzCorpus.KeyStanzaBases()];
        Assert.All(_bases, b => Assert.Contains("hckms:", b, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mutated_key_stanzas_of_every_type_recover_the_data_key_or_are_refused_in_one_short_line()
    {
        foreach (var b in _bases) Assert.Null(await CheckAsync(Encoding.UTF8.GetBytes(b), mustRecover: true)); // the unmutated files give their data key
        var report = await FuzzCampaign.RunAsync(CiSeeds, async seed =>
        {
            var (bytes, classes) = YamlMutator.Mutate(_bases[seed % _bases.Length], seed);
            return await CheckAsync(bytes) is { } problem ? $"({classes}) {problem}" : null;
        });
        Assert.True(report is null, report);
    }

    [Theory]
    [InlineData(2469)] // deep flow nesting and an empty value: two groups of six failed keys gave a 2,558-character error
    public async Task Campaign_seeds_that_once_failed_are_refused_in_one_short_line(int seed)
    {
        var (bytes, classes) = YamlMutator.Mutate(_bases[seed % _bases.Length], seed);
        Assert.Null(await CheckAsync(bytes) is { } problem ? $"({classes}) {problem}" : null);
    }

    /// <summary>What broke, or null: the file is read and its data key recovered, or it is refused cleanly, in time.</summary>
    private async Task<string?> CheckAsync(byte[] file, bool mustRecover = false)
    {
        var (problem, refusal) = await FuzzCampaign.InProcessAsync(async () =>
        {
            var document = SecretFileReader.Parse(file, "fuzz.enc.yaml", FormatRegistry.Create("yaml"));
            var metadata = MetadataReader.Read(document.Metadata, "fuzz.enc.yaml");
            await new DataKeyRecovery(_engine.Registry, DecryptionOrder.Default, new KeyDeadlines(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6)))
                .RecoverAsync(metadata);
        }, TimeSpan.FromSeconds(30));
        return mustRecover && refusal is not null ? "refused: " + refusal.Message : problem;
    }

    public void Dispose() => Directory.Delete(_keyDirectory, recursive: true);
}
