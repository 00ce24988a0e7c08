using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Config;

/// <summary>The key names inside a <c>key_groups</c> entry, which also name single-group rule keys once parsed.</summary>
public static class ConfigGroupKeys
{
    /// <summary>sops's order when it builds a group from a creation rule (and inside each <c>key_groups</c> entry).</summary>
    public static IReadOnlyList<string> RuleOrder { get; } = KeyKinds.InRuleOrder.Select(k => k.GroupKey).ToArray();
}
