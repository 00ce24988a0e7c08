namespace SecretsKit.Core.Operations;

/// <summary>What happened to one file of a repository-wide run.</summary>
public enum RepoFileOutcome
{
    Updated,
    Unchanged,
}
