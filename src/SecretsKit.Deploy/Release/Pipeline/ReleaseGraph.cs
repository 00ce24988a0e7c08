using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The <c>needs:</c> DAG. <see cref="Levels"/> groups releases so that every release comes after all it needs; releases
/// in one level do not depend on each other and may run concurrently. A cycle or a need naming no release is an error.
/// </summary>
public static class ReleaseGraph
{
    /// <summary>
    /// <c>--include-needs</c>: the selected releases plus those they directly need (each once, selection order first);
    /// with <paramref name="transitive"/> (<c>--include-transitive-needs</c>) the needs of those too, to the end.
    /// </summary>
    public static IReadOnlyList<ReleaseSpec> WithNeeds(IReadOnlyList<ReleaseSpec> all, IReadOnlyList<ReleaseSpec> selected, bool transitive = false)
    {
        var result = selected.Distinct().ToList();
        var seen = result.ToHashSet();
        for (var next = 0; next < result.Count && (transitive || next < selected.Count); next++)
        {
            foreach (var need in result[next].Needs.Select(n => Resolve(all, result[next], n)))
            {
                if (seen.Add(need)) result.Add(need);
            }
        }
        return result;
    }

    /// <summary>
    /// <c>--skip-needs=false</c> without <c>--include-needs</c>: as helmfile, a selected release that needs a release the
    /// selectors left out is an error naming both and the two ways out.
    /// </summary>
    public static void RequireNeedsSelected(IReadOnlyList<ReleaseSpec> all, IReadOnlyList<ReleaseSpec> selected)
    {
        var chosen = selected.ToHashSet();
        foreach (var release in selected)
        {
            if (release.Needs.Select(n => Resolve(all, release, n)).FirstOrDefault(n => !chosen.Contains(n)) is { } missing)
            {
                throw new SecretsKitException(ExitCodes.Generic,
                    $"release {release.Id} needs {missing.Id}, which does not match the selectors",
                    $"add a selector like --selector name={missing.Name}, or say whether to skip (--skip-needs) or include (--include-needs) these needs");
            }
        }
    }

    /// <summary>The selected releases in dependency order, grouped into levels (depths in the whole graph).</summary>
    public static IReadOnlyList<IReadOnlyList<ReleaseSpec>> Levels(IReadOnlyList<ReleaseSpec> all, IReadOnlyCollection<ReleaseSpec> selected)
    {
        var needs = all.ToDictionary(r => r, r => r.Needs.Select(n => Resolve(all, r, n)).Distinct().ToList());
        var depth = new Dictionary<ReleaseSpec, int>();
        var onPath = new List<ReleaseSpec>();
        int Depth(ReleaseSpec r)
        {
            if (depth.TryGetValue(r, out var known)) return known;
            var at = onPath.IndexOf(r);
            if (at >= 0)
            {
                var cycle = onPath.Skip(at).Append(r).Select(x => x.Id);
                throw new SecretsKitException(ExitCodes.Generic, $"needs form a cycle: {string.Join(" -> ", cycle)}",
                    "remove one of the needs so the releases can be ordered");
            }
            onPath.Add(r);
            var d = needs[r].Count == 0 ? 0 : needs[r].Max(Depth) + 1;
            onPath.RemoveAt(onPath.Count - 1);
            depth[r] = d;
            return d;
        }
        foreach (var r in all) Depth(r);
        return all.Where(selected.Contains)
            .GroupBy(r => depth[r])
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<ReleaseSpec>)g.ToList())
            .ToList();
    }

    /// <summary>Finds the release a <c>[namespace/]name</c> need refers to; a bare name prefers the needing release's namespace.</summary>
    public static ReleaseSpec Resolve(IReadOnlyList<ReleaseSpec> all, ReleaseSpec from, string need)
    {
        var slash = need.LastIndexOf('/');
        List<ReleaseSpec> matches;
        if (slash >= 0)
        {
            var ns = need[..slash];
            var name = need[(slash + 1)..];
            matches = all.Where(r => r.Name == name && r.Namespace == ns).ToList();
        }
        else
        {
            matches = all.Where(r => r.Name == need).ToList();
            var own = matches.Where(r => r.Namespace == from.Namespace).ToList();
            if (matches.Count > 1 && own.Count == 1) matches = own;
        }
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new SecretsKitException(ExitCodes.Generic, $"release {from.Id} needs '{need}', which is not a release in the file",
                "write needs as [namespace/]name of another release"),
            _ => throw new SecretsKitException(ExitCodes.Generic, $"release {from.Id} needs '{need}', which matches several releases",
                "write the need as namespace/name"),
        };
    }
}
