namespace SecretsKit.Kubernetes;

/// <summary>What the client needs to address a resource: group, version, plural, kind and scope.</summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary><c>v1</c> for the core group, otherwise <c>group/version</c> (the <c>apiVersion</c> of an object).</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection path, e.g. <c>/api/v1/namespaces/ns/secrets</c> or <c>/apis/external-secrets.io/v1/clustersecretstores</c>.</summary>
    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        if (!Namespaced) return $"{root}/{Plural}";
        return ns is null ? $"{root}/{Plural}" : $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}";
    }

    /// <summary>
    /// The path of one object, optionally a subresource such as <c>status</c>. The name (and namespace) are checked by
    /// <see cref="ObjectNames.EnsureValid"/> first, so no name can turn the path into a collection or another object.
    /// </summary>
    public string ItemPath(string? ns, string name, string? subresource = null)
    {
        if (Namespaced && string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"{Kind} is namespaced: a namespace is required to address \"{name}\"", nameof(ns));
        }
        ObjectNames.EnsureValid(this, Namespaced ? ns : null, name);
        var path = $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
