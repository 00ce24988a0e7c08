using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>The merged tree (null when there are conflicts) and the key paths (<c>a:b:</c>) that conflict.</summary>
public sealed record TreeMergeResult(SopsTree? Merged, IReadOnlyList<string> Conflicts)
{
    public bool IsClean => Conflicts.Count == 0;
}
