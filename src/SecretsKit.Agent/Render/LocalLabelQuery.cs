using SecretsKit.Kubernetes.Selectors;

namespace SecretsKit.Agent.Render;

/// <summary>
/// The API's <c>labelSelector</c> query syntax (<c>a=b,c!=d,e in (x,y),f notin (z),g,!h</c>) read into the one
/// <see cref="LabelSelector"/> implementation, so a local list selects what the API server would.
/// </summary>
internal static class LocalLabelQuery
{
    public static LabelSelector Parse(string? query)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var expressions = new List<LabelRequirement>();
        foreach (var term in Terms(query ?? ""))
        {
            if (term.Contains(" notin ", StringComparison.Ordinal) || term.Contains(" in ", StringComparison.Ordinal))
            {
                var notIn = term.Contains(" notin ", StringComparison.Ordinal);
                var parts = term.Split(notIn ? " notin " : " in ", 2);
                var values = parts[1].Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                expressions.Add(new LabelRequirement(parts[0].Trim(), notIn ? "NotIn" : "In", values));
            }
            else if (term.Split("!=", 2) is [var k, var v])
            {
                expressions.Add(new LabelRequirement(k.Trim(), "NotIn", [v.Trim()]));
            }
            else if (term.Split('=', 2) is [var key, var value])
            {
                labels[key.Trim()] = value.TrimStart('=').Trim();
            }
            else
            {
                expressions.Add(term.StartsWith('!') ? new LabelRequirement(term[1..].Trim(), "DoesNotExist", []) : new LabelRequirement(term, "Exists", []));
            }
        }
        return new LabelSelector(labels, expressions);
    }

    /// <summary>The comma-separated terms, commas inside <c>( )</c> kept.</summary>
    private static IEnumerable<string> Terms(string query)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= query.Length; i++)
        {
            if (i < query.Length && query[i] == '(') depth++;
            else if (i < query.Length && query[i] == ')') depth--;
            else if (i == query.Length || (query[i] == ',' && depth == 0))
            {
                if (query[start..i].Trim() is { Length: > 0 } term) yield return term;
                start = i + 1;
            }
        }
    }
}
