using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// A release's <c>condition:</c> as helmfile v1.7 evaluates it (<c>ConditionEnabled</c>): none, or <c>true</c> (any
/// case), enables; <c>false</c> disables; otherwise it must be a state-values path ending in <c>.enabled</c>: each step
/// before <c>enabled</c> must exist and be a map (else an error), and the release is enabled only when <c>enabled</c> is
/// the boolean <c>true</c> (missing or any other value: disabled).
/// </summary>
internal static class ReleaseCondition
{
    public static bool Enabled(string? condition, IReadOnlyDictionary<string, object?> values, string where)
    {
        if (string.IsNullOrEmpty(condition)) return true;
        if (condition.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (condition.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        var keys = condition.Split('.');
        if (keys[^1] != "enabled")
        {
            throw Failed(where, "condition value must be in the form 'foo.enabled' where 'foo' can be modified as necessary");
        }
        var current = values;
        var path = "";
        foreach (var key in keys[..^1])
        {
            path += "." + key;
            if (!current.TryGetValue(key, out var value)) throw Failed(where, $"environment values field '{path}' not found");
            current = value as IReadOnlyDictionary<string, object?> ?? throw Failed(where, $"environment values field '{path}' is not a map");
        }
        return current.TryGetValue("enabled", out var enabled) && enabled is true;
    }

    private static SecretsKitException Failed(string where, string message) =>
        new(ExitCodes.Generic, $"{where}: failed to parse condition: {message}");
}
