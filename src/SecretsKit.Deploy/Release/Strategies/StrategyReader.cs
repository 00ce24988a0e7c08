using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.Strategies;

/// <summary>
/// Reads the promotion file's <c>strategies:</c> (<see cref="ReleaseStrategy"/>) for the promotion file's reader:
/// unknown keys refused with the closest known one, durations as Go writes them, CEL conditions parsed, a release in two
/// strategies refused; every error names the file and line.
/// </summary>
internal static partial class StrategyReader
{
    private static readonly HelmfileKeys EntryKeys = new(["releases", "environments", "canary", "blueGreen"], [], []);
    private static readonly HelmfileKeys CanaryKeys = new(["canaryRelease", "weightValue", "steps", "onFailure"], [], []);
    private static readonly HelmfileKeys StepKeys = new(["setWeight", "analysis", "pause"], [], []);
    private static readonly HelmfileKeys PauseKeys = new(["duration"], [], []);
    private static readonly HelmfileKeys BlueGreenKeys = new(["colors", "switch", "prePromotion", "postPromotion", "scaleDownDelay", "scaleDown"], [], []);
    private static readonly HelmfileKeys SwitchKeys = new(["release", "value", "service", "selectorLabel"], [], []);

    /// <summary>The list under <c>strategies:</c>.</summary>
    public static IReadOnlyList<ReleaseStrategy> Read(StateYamlReader reader, YamlNode node)
    {
        if (node is not YamlSequenceNode seq) throw reader.Error(node, "strategies must be a list");
        var strategies = new List<ReleaseStrategy>();
        foreach (var item in seq.Children)
        {
            var strategy = ReadEntry(reader, item);
            foreach (var release in strategy.Releases)
            {
                if (strategies.FirstOrDefault(s => s.Releases.Contains(release, StringComparer.Ordinal) && Overlap(s, strategy)) is { } first)
                {
                    throw reader.Error(item, $"release '{release}' is listed by two strategies (the other at {first.Where}): a release has one strategy per environment");
                }
            }
            strategies.Add(strategy);
        }
        return strategies;
    }

    /// <summary>
    /// Whether two strategies can cover one environment: no <c>environments:</c> (every one) or a name in both. Disjoint
    /// lists give a release its own strategy per environment (each cluster's Prometheus, say).
    /// </summary>
    private static bool Overlap(ReleaseStrategy a, ReleaseStrategy b) =>
        a.Environments.Count == 0 || b.Environments.Count == 0 || a.Environments.Intersect(b.Environments, StringComparer.Ordinal).Any();

    private static ReleaseStrategy ReadEntry(StateYamlReader reader, YamlNode node)
    {
        var entry = reader.Mapping(node, "a strategy");
        EntryKeys.Check(reader, entry, "a strategy");
        var releases = reader.StringList(entry, "releases");
        if (releases.Count == 0) throw reader.Error(entry, "a strategy needs releases: [namespace/name, …]");
        foreach (var release in releases)
        {
            if (release.Split('/') is not [var ns, var name] || !ObjectNames.IsDnsLabel(ns) || !ObjectNames.IsDnsLabel(name))
            {
                throw reader.Error(reader.Child(entry, "releases")!, $"a strategy's release must be namespace/name (got '{Echo.Bounded(release)}')");
            }
        }
        var canary = reader.Child(entry, "canary") is { } c ? ReadCanary(reader, reader.Mapping(c, "canary")) : null;
        var blueGreen = reader.Child(entry, "blueGreen") is { } b ? ReadBlueGreen(reader, reader.Mapping(b, "blueGreen")) : null;
        if ((canary is null) == (blueGreen is null)) throw reader.Error(entry, "a strategy is either canary: or blueGreen: (exactly one of them)");
        return new ReleaseStrategy(releases, reader.StringList(entry, "environments"), canary, blueGreen, reader.Where(entry));
    }

    private static CanaryStrategy ReadCanary(StateYamlReader reader, YamlMappingNode canary)
    {
        CanaryKeys.Check(reader, canary, "canary");
        var release = ReleaseName(reader, canary, "canaryRelease", "canary");
        var weight = reader.OptionalString(canary, "weightValue") ?? throw reader.Error(canary, "canary needs weightValue (the values path the chart turns into traffic)");
        if (!ValuesPath().IsMatch(weight)) throw reader.Error(reader.Child(canary, "weightValue")!, $"weightValue must be a values path such as canary.weight (got '{Echo.Bounded(weight)}')");
        if (reader.Child(canary, "steps") is not YamlSequenceNode steps || steps.Children.Count == 0)
        {
            throw reader.Error(reader.Child(canary, "steps") ?? canary, "canary needs steps: a list of setWeight, analysis and pause");
        }
        var onFailure = reader.Choice(canary, "onFailure", CanaryFailure.Abort, ("abort", CanaryFailure.Abort));
        return new CanaryStrategy(release, weight, steps.Children.Select(s => ReadStep(reader, s)).ToList(), onFailure);
    }

    private static CanaryStep ReadStep(StateYamlReader reader, YamlNode node)
    {
        var step = reader.Mapping(node, "a canary step");
        StepKeys.Check(reader, step, "a canary step");
        if (step.Children.Count != 1) throw reader.Error(step, "a canary step is one of setWeight, analysis or pause");
        var where = reader.Where(step);
        if (reader.OptionalInt(step, "setWeight") is { } weight)
        {
            return weight <= 100 ? new SetWeightStep(weight, where) : throw reader.Error(reader.Child(step, "setWeight")!, "setWeight must be between 0 and 100");
        }
        if (reader.Child(step, "analysis") is { } analysis) return new AnalysisStep(AnalysisReader.Read(reader, analysis, "analysis"), where);
        var pauseNode = step.Children.Values.Single();
        if (pauseNode is YamlScalarNode { Value: null or "" }) return new PauseStep(null, where);
        var pause = reader.Mapping(pauseNode, "pause");
        PauseKeys.Check(reader, pause, "pause");
        var duration = reader.Child(pause, "duration") is { } d ? reader.Duration(d, "pause.duration") : (TimeSpan?)null;
        return new PauseStep(duration, where);
    }

    private static BlueGreenStrategy ReadBlueGreen(StateYamlReader reader, YamlMappingNode node)
    {
        BlueGreenKeys.Check(reader, node, "blueGreen");
        var colors = reader.StringList(node, "colors");
        if (colors.Count != 2 || colors[0] == colors[1] || !colors.All(ObjectNames.IsDnsLabel))
        {
            throw reader.Error(reader.Child(node, "colors") ?? node, "blueGreen.colors must be two different release names ([frontend-blue, frontend-green])");
        }
        var switchNode = reader.Child(node, "switch") ?? throw reader.Error(node, "blueGreen needs switch: {release, value} or {service, selectorLabel}");
        var delay = reader.Child(node, "scaleDownDelay") is { } d ? reader.Duration(d, "scaleDownDelay") : TimeSpan.Zero;
        var scaleDown = reader.Choice(node, "scaleDown", BlueGreenScaleDown.ReplicaCount,
            ("replicaCount", BlueGreenScaleDown.ReplicaCount), ("uninstall", BlueGreenScaleDown.Uninstall));
        return new BlueGreenStrategy(colors, ReadSwitch(reader, reader.Mapping(switchNode, "switch")), AnalysisList(reader, node, "prePromotion"),
            AnalysisList(reader, node, "postPromotion"), delay, scaleDown);
    }

    private static BlueGreenSwitch ReadSwitch(StateYamlReader reader, YamlMappingNode node)
    {
        SwitchKeys.Check(reader, node, "switch");
        var release = reader.Child(node, "release") is null ? null : ReleaseName(reader, node, "release", "switch");
        var value = reader.OptionalString(node, "value");
        var service = reader.OptionalString(node, "service");
        var label = reader.OptionalString(node, "selectorLabel");
        if (release is not null && value is not null && service is null && label is null)
        {
            return ValuesPath().IsMatch(value) ? new BlueGreenSwitch(release, value, null, null)
                : throw reader.Error(reader.Child(node, "value")!, $"switch.value must be a values path such as activeColor (got '{Echo.Bounded(value)}')");
        }
        if (service is not null && label is not null && release is null && value is null)
        {
            if (service.Split('/') is not [var ns, var name] || !ObjectNames.IsDnsLabel(ns) || !ObjectNames.IsDnsLabel(name))
            {
                throw reader.Error(reader.Child(node, "service")!, $"switch.service must be namespace/name (got '{Echo.Bounded(service)}')");
            }
            return LabelKey().IsMatch(label) ? new BlueGreenSwitch(null, null, service, label)
                : throw reader.Error(reader.Child(node, "selectorLabel")!, $"switch.selectorLabel must be a label key (got '{Echo.Bounded(label)}')");
        }
        throw reader.Error(node, "switch is either {release, value} (the router release's values path) or {service, selectorLabel}");
    }

    private static IReadOnlyList<AnalysisSpec> AnalysisList(StateYamlReader reader, YamlMappingNode node, string key)
    {
        if (reader.Child(node, key) is not { } list) return [];
        if (list is not YamlSequenceNode seq) throw reader.Error(list, $"{key} must be a list of analyses");
        return seq.Children.Select(c => AnalysisReader.Read(reader, c, $"an item of {key}")).ToList();
    }

    private static string ReleaseName(StateYamlReader reader, YamlMappingNode node, string key, string where)
    {
        var name = reader.OptionalString(node, key) ?? throw reader.Error(node, $"{where} needs {key} (a helm release name)");
        return ObjectNames.IsDnsLabel(name) && name.Length <= 53 ? name
            : throw reader.Error(reader.Child(node, key)!, $"{key} must be a helm release name (lower-case letters, digits and '-', at most 53; got '{Echo.Bounded(name)}')");
    }

    /// <summary>A values path: dotted keys (<c>canary.weight</c>).</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$")]
    internal static partial Regex ValuesPath();

    /// <summary>A label key: an optional DNS prefix and a name of at most 63 characters.</summary>
    [GeneratedRegex("^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();
}
