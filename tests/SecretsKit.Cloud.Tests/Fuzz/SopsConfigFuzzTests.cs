using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;

namespace SecretsKit.Cloud.Tests.Fuzz;

/// <summary>
/// The seeded fuzz slice of <c>.sops.yaml</c>: a config whose creation rules name every key type (age, pgp, kms with a
/// role and a context, gcp_kms, azure_keyvault, hc_vault_transit_uri, hckms), key groups with a Shamir threshold,
/// path and encrypted regexes, stores and destination rules, mutated by <see cref="YamlMutator"/>, written to disk and
/// loaded as the CLI loads it (the bounded reader, the parser, the rule matcher, every key parsed by the real registry).
/// Each case must give keys or be refused with one <see cref="SecretsKitException"/> line of at most 2,000 characters,
/// within 30 s; every sixth seed's config is a link to <c>/dev/zero</c>, which must be refused at the size bound.
/// The campaign: bench/fuzz-targets.sh.
/// </summary>
public sealed class SopsConfigFuzzTests : IDisposable
{
    private const int CiSeeds = 600;

    private static readonly string[] Targets = ["secrets/app.yaml", "flat/app.yaml", "other/app.yaml"];

    private readonly string _repo = Directory.CreateTempSubdirectory("sk-config-fuzz-").FullName;
    private readonly KeySourceRegistry _registry = CloudKeySources.CreateRegistry(TestContexts.With(new Dictionary<string, string>()));

    [Fact]
    public async Task Mutated_sops_yaml_files_give_keys_or_are_refused_in_one_short_line()
    {
        Assert.Null(await CheckAsync(System.Text.Encoding.UTF8.GetBytes(FuzzCorpus.SopsConfig), 0, zero: false, mustLoad: true)); // the unmutated config gives keys
        var report = await FuzzCampaign.RunAsync(CiSeeds, async seed =>
        {
            var (bytes, classes) = YamlMutator.Mutate(FuzzCorpus.SopsConfig, seed);
            return await CheckAsync(bytes, seed, zero: seed % 6 == 5) is { } problem ? $"({classes}) {problem}" : null;
        });
        Assert.True(report is null, report);
    }

    /// <summary>Found by this slice: 200,000 nested flow sequences overflowed the stack (the process died); now one line.</summary>
    [Fact]
    public async Task A_200000_deep_sops_yaml_is_refused_in_one_line_not_a_stack_overflow()
    {
        var path = Path.Combine(_repo, ".sops.yaml");
        File.WriteAllText(path, "creation_rules:\n  - deep: " + new string('[', 200_000) + new string(']', 200_000) + "\n");

        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Task.Run(() => SopsConfigParser.Load(path)));

        Assert.StartsWith($"{path}: invalid YAML at line 2, column ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(": the document nests deeper than 1,000 levels", e.Message, StringComparison.Ordinal);
    }

    /// <summary>What broke, or null: the config loads and its rule's keys parse, or it is refused cleanly, in time.</summary>
    private async Task<string?> CheckAsync(byte[] config, int seed, bool zero, bool mustLoad = false)
    {
        var path = Path.Combine(_repo, ".sops.yaml");
        File.Delete(path);
        if (zero) File.CreateSymbolicLink(path, "/dev/zero");
        else File.WriteAllBytes(path, config);
        var (problem, refusal) = await FuzzCampaign.InProcessAsync(() =>
        {
            var parsed = SopsConfigParser.Load(path);
            if (parsed.MatchCreationRule(Path.Combine(_repo, Targets[seed % Targets.Length]), _repo) is { } match)
            {
                KeySpecResolver.Resolve(_registry, match.Rule.KeyGroups, new KeyParseOptions(null, match.Rule.AwsProfile));
            }
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(30));
        if (mustLoad && refusal is not null) return "refused: " + refusal.Message;
        if (problem is not null || !zero) return problem;
        return refusal?.Message.Contains("larger than 1 MiB, not read", StringComparison.Ordinal) == true ? null
            : "a config linked to /dev/zero was not refused at the size bound: " + (refusal?.Message ?? "it was read");
    }

    public void Dispose() => Directory.Delete(_repo, recursive: true);
}
