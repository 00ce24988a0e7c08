using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>The renderings the policy stage's strategy checks (SK-ROLLOUT-002, -003) compare with the release's own.</summary>
internal sealed partial class ReleaseRun
{
    /// <summary>
    /// For a release a strategy of the promotion file lists in this environment (<see cref="ReleaseRunOptions.PolicyStrategies"/>):
    /// <c>helm template</c> of the same chart and values under the canary's release name at weight 0 and at weight 100, or
    /// under each blue-green color's; kept in memory only, never printed. Ok with null renderings when the release has no
    /// strategy; not ok when helm failed (said on stderr, redacted).
    /// </summary>
    private async Task<(bool Ok, StrategyRenderings? Renderings)> StrategyRenderingsAsync(CancellationToken ct)
    {
        var strategy = context.Options.PolicyStrategies.FirstOrDefault(s => s.Covers(target.Id, target.Environment.Name));
        if (strategy is null) return (true, null);
        var values = await ValuesAsync(ct);
        if (strategy.Canary is { } canary)
        {
            var zero = await RenderAsAsync(canary.CanaryRelease, [.. values, "--set", $"{canary.WeightValue}=0"], ct);
            var full = zero is null ? null : await RenderAsAsync(canary.CanaryRelease, [.. values, "--set", $"{canary.WeightValue}=100"], ct);
            if (zero is null || full is null) return (false, null);
            return (true, new StrategyRenderings("canary", [new StrategyRelease(canary.CanaryRelease, zero)])
            {
                WeightValue = canary.WeightValue, WeightInValues = WeightInValues(canary.WeightValue), AtFullWeight = full,
            });
        }
        var colors = new List<StrategyRelease>();
        foreach (var color in strategy.BlueGreen?.Colors ?? [])
        {
            if (await RenderAsAsync(color, values, ct) is not { } rendering) return (false, null);
            colors.Add(new StrategyRelease(color, rendering));
        }
        return (true, new StrategyRenderings("blue-green color", colors));
    }

    /// <summary>The release's chart and values rendered under the release name <paramref name="release"/>; null when helm failed.</summary>
    private async Task<IReadOnlyList<ManifestSource>?> RenderAsAsync(string release, IReadOnlyList<string> values, CancellationToken ct)
    {
        var stage = Stage;
        Stage = $"template as {release}";
        var output = await TemplateAsAsync(release, values, ct);
        if (!Check(output)) return null;
        Stage = stage;
        return [new ManifestSource($"release {target.Id} as {release}", output.Stdout, target.Namespace)];
    }

    /// <summary><c>helm template</c> of the release's chart and <paramref name="values"/> under the release name <paramref name="release"/>.</summary>
    private Task<HelmOutput> TemplateAsAsync(string release, IReadOnlyList<string> values, CancellationToken ct) =>
        context.Helm.RunAsync(HelmCommandLines.Template(Named(release), values, KubeVersion, ApiVersions, _chartToRender), ct);

    /// <summary>
    /// Whether the chart's <c>values.yaml</c> or the release's values hold a value at <paramref name="path"/>; a chart that
    /// is not a directory here (a package, a repository chart not pulled) counts as holding it: its values are not read.
    /// </summary>
    private bool WeightInValues(string path)
    {
        if (_inputs?.Provenance.Has(path) == true) return true;
        var chart = _chartToRender ?? Path.GetFullPath(target.Spec.Chart, context.File.BaseDirectory);
        if (!Directory.Exists(chart)) return true;
        var file = Path.Combine(chart, "values.yaml");
        if (!File.Exists(file)) return false;
        var defaults = new ValueProvenance();
        defaults.AddFile("values.yaml", File.ReadAllText(file), encrypted: false);
        return defaults.Has(path);
    }
}
