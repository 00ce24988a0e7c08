using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The releases a verb works on, by one rule for every verb: those the <c>-l</c> selectors match (all without one), and
/// for a verb that runs releases only those their <c>condition:</c> enables in this environment (helmfile leaves a
/// disabled release out as it leaves out an unselected one; <c>list</c> and <c>show-dag</c> show it); with
/// <c>--include-needs</c> also what they need. Selectors that match no release are an error, for every verb; selectors
/// whose releases are all disabled are an error that names each and its condition, and a disabled release left out
/// beside enabled ones is said on stderr. helmfile's flags (<see cref="CommandLineOverrides"/>) change it as in helmfile:
/// <c>--allow-no-matching-release</c> makes no match an empty selection, <c>--include-transitive-needs</c> takes in the
/// needs of the needs too, and <c>--skip-needs=false</c> without either makes an unselected need an error.
/// </summary>
public static class ReleaseSelection
{
    public static IReadOnlyList<ReleaseSpec> Select(ReleaseFile file, IReadOnlyList<string> selectors, bool includeNeeds, bool enabledOnly,
        string environment, Action<string>? warn = null, CommandLineOverrides? overrides = null)
    {
        var selector = ReleaseSelector.Parse(selectors);
        var matched = file.Releases.Where(selector.Matches).ToList();
        if (matched.Count == 0 && selectors.Count > 0 && overrides is { AllowNoMatchingRelease: true }) return [];
        if (matched.Count == 0 && selectors.Count > 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"no release in {file.Path} matches the selector {Shown(selectors)}",
                "check -l key=value against the releases' labels (name, namespace and chart are implicit labels; secretskit release list shows them)");
        }
        IReadOnlyList<ReleaseSpec> selected = enabledOnly ? matched.Where(r => r.Enabled).ToList() : matched;
        var disabled = enabledOnly ? matched.Where(r => !r.Enabled).ToList() : [];
        if (selectors.Count > 0 && disabled.Count > 0)
        {
            var why = string.Join("; ", disabled.Select(r => $"{r.Id} matches it but is disabled in environment '{environment}' by {Condition(r)}"));
            if (selected.Count == 0)
            {
                throw new SecretsKitException(ExitCodes.Generic, $"the selector {Shown(selectors)} matches only disabled releases: {why}",
                    "enable it in that environment's values, or name the environment it runs in with -e ENV");
            }
            warn?.Invoke($"left out: {why}");
        }
        var transitive = overrides is { IncludeTransitiveNeeds: true };
        if (includeNeeds || transitive) return ReleaseGraph.WithNeeds(file.Releases, selected, transitive);
        if (overrides is { RequireNeedsSelected: true } && selectors.Count > 0) ReleaseGraph.RequireNeedsSelected(file.Releases, selected);
        return selected;
    }

    /// <summary>What disabled a release: its <c>conditionTemplate</c>, <c>condition: false</c>, or the state value that is not true.</summary>
    private static string Condition(ReleaseSpec release) => release switch
    {
        { ConditionTemplate: { } template } => $"conditionTemplate: {template.Trim()}",
        { Condition: { } condition } when condition.Equals("false", StringComparison.OrdinalIgnoreCase) => "condition: false",
        { Condition: { } condition } => $"condition: {condition} (not true in this environment's values)",
        _ => "its condition",
    };

    private static string Shown(IReadOnlyList<string> selectors) => string.Join(" ", selectors.Select(s => "-l " + s));
}
