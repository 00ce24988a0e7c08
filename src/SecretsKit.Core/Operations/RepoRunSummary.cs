namespace SecretsKit.Core.Operations;

/// <summary>The end of a repository-wide run: counts and each failure with its reason.</summary>
public sealed record RepoRunSummary(int Updated, int Unchanged, IReadOnlyList<RepoRunSummary.Failure> Failures)
{
    public sealed record Failure(string Path, string Reason);

    public override string ToString() => $"{Updated} updated, {Unchanged} unchanged, {Failures.Count} failed";
}
