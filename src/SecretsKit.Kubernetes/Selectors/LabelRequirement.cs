namespace SecretsKit.Kubernetes.Selectors;

/// <summary>One <c>matchExpressions</c> entry of a <see cref="LabelSelector"/>: key, operator and values.</summary>
public sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public void Validate()
    {
        if (Key.Length == 0) throw new InvalidLabelSelectorException("a matchExpressions entry has no key");
        var needsValues = Operator switch
        {
            "In" or "NotIn" => true,
            "Exists" or "DoesNotExist" => false,
            _ => throw new InvalidLabelSelectorException($"matchExpressions key '{Key}': unknown operator '{Operator}'"),
        };
        if (needsValues && Values.Count == 0) throw new InvalidLabelSelectorException($"matchExpressions key '{Key}': operator {Operator} needs values");
        if (!needsValues && Values.Count > 0) throw new InvalidLabelSelectorException($"matchExpressions key '{Key}': operator {Operator} takes no values");
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "In" => has && Values.Contains(value!, StringComparer.Ordinal),
            "NotIn" => !has || !Values.Contains(value!, StringComparer.Ordinal),
            "Exists" => has,
            _ => !has,
        };
    }

    public string ToQuery() => Operator switch
    {
        "In" => $"{Key} in ({string.Join(',', Values)})",
        "NotIn" => $"{Key} notin ({string.Join(',', Values)})",
        "Exists" => Key,
        _ => "!" + Key,
    };
}
