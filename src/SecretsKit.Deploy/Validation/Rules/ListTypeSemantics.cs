namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>Which part of the API server enforces a document's list types, and so which words a duplicate gets.</summary>
internal enum ListTypeSemantics
{
    /// <summary>
    /// A custom resource (or a schema from <c>--schema-location</c> for a kind that is not built in): the structural
    /// schema's validation refuses every create and update, at the repeated item (<c>spec.items[1]: Duplicate value: …</c>).
    /// </summary>
    Structural,

    /// <summary>
    /// A built-in kind: Kubernetes' per-kind validation has its own rules (<c>Meta/</c>); the published list types are
    /// enforced by server-side apply alone (<c>duplicate entries for key [name="FOO"]</c>), at the list.
    /// </summary>
    ServerSideApply,
}
