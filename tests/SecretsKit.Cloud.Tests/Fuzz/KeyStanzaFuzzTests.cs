using System.Text;
using SecretsKit.Core.Formats;
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
/// at a closed loopback port, so they fail as an unreachable service does, within 2 s per key and 6 s in all). Each case
/// must recover the data key or be refused with one <see cref="SecretsKitException"/> line of at most 2,000 characters
/// within 30 s; nothing else may be thrown. The campaign: bench/fuzz-targets.sh.
/// </summary>
public sealed class KeyStanzaFuzzTests : IDisposable
{
    private const int CiSeeds = 300;

    private const string Closed = "127.0.0.1:9";

    private static readonly string CloudStanzas = $"""
            kms:
                - arn: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
                  role: arn:aws:iam::111122223333:role/sops
                  context:
                    app: web
                  created_at: "2026-11-25T00:00:00Z"
                  enc: AQICAHhFAKEFAKEFAKE==
                  aws_profile: ""
            gcp_kms:
                - resource_id: projects/p/locations/global/keyRings/r/cryptoKeys/k
                  created_at: "2026-11-25T00:00:00Z"
                  enc: CiQAFAKEFAKE
            azure_kv:
                - vault_url: https://sk-fuzz.vault.azure.invalid
                  name: k
                  version: 0123abcd
                  created_at: "2026-11-25T00:00:00Z"
                  enc: FAKEFAKE
            hc_vault:
                - vault_address: http://{Closed}
                  engine_path: transit
                  key_name: k
                  created_at: "2026-11-25T00:00:00Z"
                  enc: vault:v1:FAKEFAKE
            hckms:
                - key_id: eu-west-101:0123abcd-12ab-34cd-56ef-1234567890ab
                  created_at: "2026-11-25T00:00:00Z"
                  enc: FAKEFAKE
        """;

    private readonly string _keyDirectory = Directory.CreateTempSubdirectory("sk-stanza-fuzz-").FullName;
    private readonly SopsEngine _engine;
    private readonly string[] _bases;

    public KeyStanzaFuzzTests()
    {
        var keyFile = Path.Combine(_keyDirectory, "keys.txt");
        File.WriteAllText(keyFile, string.Join("\n", new[] { "sopsnix-age-keys.txt", "age-unittest-identity.txt", "age-unittest-other-identity.txt" }
            .Select(f => File.ReadAllText(SharedFixtures.PathOf(f)))));
        var context = TestContexts.With(new Dictionary<string, string>
        {
            ["SOPS_AGE_KEY_FILE"] = keyFile, ["GNUPGHOME"] = _keyDirectory,
            ["AWS_ACCESS_KEY_ID"] = "AKIAFUZZ", ["AWS_SECRET_ACCESS_KEY"] = "fuzz", ["AWS_ENDPOINT_URL"] = $"http://{Closed}",
            ["AWS_EC2_METADATA_DISABLED"] = "true", ["GOOGLE_OAUTH_ACCESS_TOKEN"] = "fuzz", ["VAULT_ADDR"] = $"http://{Closed}",
            ["VAULT_TOKEN"] = "fuzz", ["HUAWEICLOUD_SDK_AK"] = "fuzz", ["HUAWEICLOUD_SDK_SK"] = "fuzz",
            ["AZURE_TENANT_ID"] = "fuzz", ["AZURE_CLIENT_ID"] = "fuzz", ["AZURE_CLIENT_SECRET"] = "fuzz", ["AZURE_AUTHORITY_HOST"] = $"http://{Closed}",
        });
        var registry = CloudKeySources.Register(
            new Core.Keys.KeySourceRegistry().Register(new Core.Age.AgeKeySource(context)).Register(new Core.Pgp.PgpKeySource(context)),
            context, TestContexts.FastRetries() with { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(2) });
        _engine = new SopsEngine(registry, TimeProvider.System);
        var flat = Encoding.UTF8.GetString(SharedFixtures.Read("sopsnix-secrets.enc.yaml"));
        var grouped = Encoding.UTF8.GetString(SharedFixtures.Read("SYNTHETIC-shamir-2of2-age.enc.yaml"));
        _bases =
        [
            flat.Replace("    kms: []\n    gcp_kms: []\n    azure_kv: []\n    hc_vault: []\n", CloudStanzas + "\n", StringComparison.Ordinal),
            grouped.Replace("          hc_vault: []\n", Indent(CloudStanzas, 6) + "\n", StringComparison.Ordinal),
        ];
        Assert.All(_bases, b => Assert.Contains("hckms:", b, StringComparison.Ordinal));
    }

    private static string Indent(string text, int by) =>
        string.Concat(text.Split('\n').Select(l => l.Length == 0 ? "\n" : new string(' ', by) + l + "\n"))[..^1];

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
