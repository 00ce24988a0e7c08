using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;

namespace SecretsKit.Deploy.Tests.Release;

/// <summary>
/// The seeded fuzz slice of the release pipeline's readers: a helmfile state (environments with inline and file values,
/// helmDefaults, repositories, releases with values, set, needs, labels and hooks) and its environment values file,
/// one of them mutated by <see cref="YamlMutator"/> per seed, loaded by the real <c>StateLoader</c> as <c>release …
/// template/build</c> load it. Every fifth seed's values file is a link to <c>/dev/zero</c>. Each case must load or be
/// refused with one <see cref="SecretsKitException"/> of at most 2,000 characters within 30 s; nothing else may be thrown.
/// The campaign: bench/fuzz-targets.sh.
/// </summary>
public sealed class StateFuzzTests
{
    private const int CiSeeds = 300;

    [Fact]
    public async Task Mutated_states_and_values_load_or_are_refused_in_one_short_error()
    {
        Assert.Null(await CheckAsync(Encoding.UTF8.GetBytes(FuzzCorpus.State), Encoding.UTF8.GetBytes(FuzzCorpus.StateValues), zero: false, mustLoad: true)); // the unmutated state loads
        var report = await FuzzCampaign.RunAsync(CiSeeds, async seed =>
        {
            var mutateState = seed % 2 == 0;
            var (bytes, classes) = YamlMutator.Mutate(mutateState ? FuzzCorpus.State : FuzzCorpus.StateValues, seed);
            var problem = mutateState
                ? await CheckAsync(bytes, Encoding.UTF8.GetBytes(FuzzCorpus.StateValues), zero: false)
                : await CheckAsync(Encoding.UTF8.GetBytes(FuzzCorpus.State), bytes, zero: seed % 5 == 4);
            return problem is null ? null : $"({(mutateState ? "state" : "values")}: {classes}) {problem}";
        });
        Assert.True(report is null, report);
    }

    private static async Task<string?> CheckAsync(byte[] state, byte[] env, bool zero, bool mustLoad = false)
    {
        using var dir = new TempDir("sk-state-fuzz-");
        File.WriteAllBytes(dir.File("helmfile.yaml"), state);
        if (zero) File.CreateSymbolicLink(dir.File("env.yaml"), "/dev/zero");
        else File.WriteAllBytes(dir.File("env.yaml"), env);
        Directory.CreateDirectory(dir.File("values"));
        File.WriteAllText(dir.File("values/web.yaml"), "a: 1\n");
        var (problem, refusal) = await FuzzCampaign.InProcessAsync(() => StateLoading.LoadAsync(dir.Path, "helmfile.yaml"), TimeSpan.FromSeconds(30));
        if (mustLoad && refusal is not null) return "refused: " + refusal.Message;
        return problem is null && zero && refusal is null ? "a values file linked to /dev/zero was read" : problem;
    }
}
