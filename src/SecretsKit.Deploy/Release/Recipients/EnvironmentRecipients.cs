using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Release.Promotion;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Recipients;

/// <summary>
/// The recipient check of an environment (<c>release lint</c>, <c>apply</c>, the promotion gate <c>recipients: isolated</c>)
/// and of a directory (<c>scan --recipients</c>), without a private key: for each secrets file an environment reads (its
/// <c>environments:</c> entry's <c>secrets:</c>, and every SOPS file among its releases' values and secrets), the file's
/// recipients against its creation rule (<see cref="RecipientChecker"/>: SK-RECIPIENT-001, -002), and the environment's
/// rule recipients against those of every other environment of the promotion file (<see cref="RecipientIsolation"/>:
/// SK-RECIPIENT-003).
/// </summary>
public static class EnvironmentRecipients
{
    /// <summary>
    /// The findings for <paramref name="environment"/>: its files against their rules, and, when the promotion file lists
    /// it, its recipients shared with another environment there. Empty: the environment passes.
    /// </summary>
    public static async Task<IReadOnlyList<RecipientFinding>> CheckAsync(RecipientState state, string environment, PromotionFile promotion,
        CancellationToken cancellationToken)
    {
        var checker = Checker(state.Options);
        var own = await FilesAsync(state, environment, checker, state.Selectors, cancellationToken);
        var findings = own.SelectMany(f => f.Findings).ToList();
        if (!promotion.Environments.Contains(environment, StringComparer.Ordinal)) return findings;
        var environments = new List<(string, IReadOnlyList<FileRecipients>)> { (environment, own) };
        foreach (var other in promotion.Environments.Where(e => e != environment).Distinct(StringComparer.Ordinal))
        {
            environments.Add((other, await FilesAsync(state, other, checker, [], cancellationToken)));
        }
        findings.AddRange(RecipientIsolation.Compare(environments, environment));
        return findings;
    }

    /// <summary>
    /// <c>scan --recipients DIR</c>'s isolation part: when DIR holds a promotion file (and so a state), every recipient two of
    /// its environments share; empty without one.
    /// </summary>
    public static async Task<IReadOnlyList<RecipientFinding>> ScanAsync(string directory, StateLoadOptions options, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(directory, options.ProcessEnvironment.CurrentDirectory);
        var promotion = PromotionFileReader.Find(null, full, options.ProcessEnvironment.CurrentDirectory);
        if (promotion.Stages.Count == 0) return [];
        var state = new RecipientState(StateFileDiscovery.Find(full, null), options);
        var checker = Checker(options);
        var environments = new List<(string, IReadOnlyList<FileRecipients>)>();
        foreach (var environment in promotion.Environments.Distinct(StringComparer.Ordinal))
        {
            environments.Add((environment, await FilesAsync(state, environment, checker, [], cancellationToken)));
        }
        return RecipientIsolation.Compare(environments);
    }

    private static RecipientChecker Checker(StateLoadOptions options) => new(options.Decryption.Engine.Registry, options.ProcessEnvironment);

    /// <summary>The SOPS files <paramref name="environment"/> reads (of the selected releases), each checked against its rule.</summary>
    private static async Task<IReadOnlyList<FileRecipients>> FilesAsync(RecipientState state, string environment, RecipientChecker checker,
        IReadOnlyList<string> selectors, CancellationToken ct)
    {
        var options = state.Options with { Environment = environment, KeylessSecrets = true, RenderValuesFiles = false };
        using var loaded = await StateLoader.LoadAsync(state.StateFiles, options, ct);
        var file = loaded.File;
        var paths = new List<string>(file.EnvironmentSecretFiles);
        var selector = ReleaseSelector.Parse(selectors);
        var entry = file.Environments.TryGetValue(environment, out var e) ? e : new ReleaseEnvironment(environment, null, [], []);
        foreach (var spec in file.Releases.Where(r => r.Enabled && r.Installed && selector.Matches(r)))
        {
            var baseDirectory = spec.BaseDirectory ?? file.BaseDirectory;
            foreach (var (text, _) in new ReleaseTarget(spec, entry, file.Defaults).ValueFiles())
            {
                var parsed = ValueFileSpec.Parse(text);
                if (parsed.Remote) continue; // fetched only to be decrypted
                var path = Path.GetFullPath(parsed.Path, baseDirectory);
                if (!paths.Contains(path, StringComparer.Ordinal)) paths.Add(path);
            }
        }
        return [.. paths.Select(p => checker.Check(p)).OfType<FileRecipients>()];
    }
}
