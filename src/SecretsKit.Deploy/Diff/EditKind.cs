namespace SecretsKit.Deploy.Diff;

/// <summary>One step of an edit script: keep, delete (from the old side) or insert (from the new side) a line.</summary>
internal enum EditKind
{
    Equal,
    Delete,
    Insert,
}
