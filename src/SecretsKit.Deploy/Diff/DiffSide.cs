namespace SecretsKit.Deploy.Diff;

/// <summary>Which manifest a view is of: the deployed one (old) or the rendered one (new).</summary>
internal enum DiffSide
{
    Old,
    New,
}
