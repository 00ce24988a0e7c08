using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// How a spec finding is worded: the field's path, what the schema allows and, for a near miss, the closest name it knows
/// (<see cref="EditDistance"/>), so a typo reads as a typo and not as a missing feature.
/// </summary>
internal static class SchemaMessages
{
    /// <summary>Names longer than this get no suggestion (a typo is short; the distance of a long hostile name is not worth computing).</summary>
    private const int MaxSuggestedLength = 64;

    /// <summary><c>spec.data[0].remoteRef: unknown field 'proprety' (did you mean 'property'?)</c>.</summary>
    public static string UnknownField(string parent, string name, IEnumerable<string> known) =>
        $"{parent}: unknown field '{Echo.Bounded(name)}'{Suggestion(name, known)}";

    /// <summary><c>spec.target.template.mergePolicy must be Replace or Merge, not 'merge' (did you mean 'Merge'?)</c>.</summary>
    public static string NotInEnum(string path, string value, IReadOnlyList<string> allowed) =>
        $"{path} must be {Alternatives(allowed)}, not '{Echo.Bounded(value)}'{Suggestion(value, allowed)}";

    /// <summary><c>spec.secretStoreRef: name is required</c>.</summary>
    public static string Required(string parent, string field) => $"{parent}: {field} is required";

    private static string Alternatives(IReadOnlyList<string> allowed) => allowed.Count switch
    {
        1 => allowed[0],
        2 => $"{allowed[0]} or {allowed[1]}",
        _ => $"one of {string.Join(", ", allowed.Take(allowed.Count - 1))} or {allowed[^1]}",
    };

    private static string Suggestion(string typed, IEnumerable<string> known)
    {
        if (typed.Length == 0 || typed.Length > MaxSuggestedLength) return "";
        var closest = EditDistance.Closest(typed, known, maxEdits: typed.Length <= 4 ? 1 : 2);
        return closest is null || closest == typed ? "" : $" (did you mean '{closest}'?)";
    }
}
