namespace SecretsKit.Core.Operations;

/// <summary>What a merge of three versions of a secret file gave: the bytes to write (null on conflict) and the conflicts.</summary>
public sealed record SecretFileMergeResult(byte[]? Output, IReadOnlyList<string> Conflicts, bool SameAsCurrent)
{
    public bool IsClean => Conflicts.Count == 0;
}
