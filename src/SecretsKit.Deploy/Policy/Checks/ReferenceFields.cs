using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// Fields where Kubernetes (or an operator) wants the <em>name</em> of a Secret, one of its keys, or an image: a value
/// there is used as a reference, so a decrypted value found there is a name kept in an encrypted file with the rest,
/// not a leak. The field's text must have the shape of what it names (<see cref="ValueShapes"/>): a password written
/// into <c>secretKeyRef.name</c> is not a Kubernetes name and stays a finding.
/// </summary>
internal static class ReferenceFields
{
    private static readonly string[] Containers = ["containers", "initContainers", "ephemeralContainers"];

    /// <summary>Whether the field at <paramref name="path"/> (keys <paramref name="keys"/>) of an object of <paramref name="kind"/> refers to something by <paramref name="text"/>.</summary>
    public static bool Holds(string? kind, string path, FieldKeys keys, string text) => Shape(kind, path, keys)?.Invoke(text) == true;

    private static Func<string, bool>? Shape(string? kind, string path, FieldKeys keys)
    {
        var (key, parent, grandparent) = (keys.Key ?? "", keys.Parent ?? "", keys.Grandparent ?? "");
        // volumes[].secret.secretName, Ingress tls[].secretName, cert-manager's spec.secretName; charts' existingSecret*
        if (key.EndsWith("secretName", StringComparison.OrdinalIgnoreCase)) return ValueShapes.IsObjectName;
        if (key.StartsWith("existingSecret", StringComparison.OrdinalIgnoreCase))
        {
            return key.EndsWith("Key", StringComparison.OrdinalIgnoreCase) ? ValueShapes.IsDataKey : ValueShapes.IsObjectName;
        }
        // secretKeyRef, secretRef (envFrom), *SecretRef of CSI and operators
        if (parent.EndsWith("SecretRef", StringComparison.OrdinalIgnoreCase) || parent.EndsWith("SecretKeyRef", StringComparison.OrdinalIgnoreCase))
        {
            return key switch
            {
                "name" => ValueShapes.IsObjectName,
                "key" => ValueShapes.IsDataKey,
                "namespace" => ValueShapes.IsNamespace,
                _ => null,
            };
        }
        // imagePullSecrets[] (pods and ServiceAccounts), a ServiceAccount's secrets[], projected sources[].secret: their
        // name only (a secret: {key: …} of a custom resource may hold a value)
        if (key == "name" && (parent.EndsWith("Secrets", StringComparison.OrdinalIgnoreCase) || parent.Equals("secret", StringComparison.OrdinalIgnoreCase)))
        {
            return ValueShapes.IsObjectName;
        }
        // a mounted Secret's items[].key and items[].path
        if (parent == "items" && grandparent.Equals("secret", StringComparison.OrdinalIgnoreCase))
        {
            return key switch
            {
                "key" => ValueShapes.IsDataKey,
                "path" => ValueShapes.IsRelativePath,
                _ => null,
            };
        }
        return Named(kind, path, keys);
    }

    /// <summary>A Secret's own name, the Secret an ExternalSecret writes, a container's image.</summary>
    private static Func<string, bool>? Named(string? kind, string path, FieldKeys keys)
    {
        if (kind == "Secret" && path == "metadata.name") return ValueShapes.IsObjectName;
        if (kind?.EndsWith("ExternalSecret", StringComparison.Ordinal) == true && keys is { Key: "name", Parent: "target" }) return ValueShapes.IsObjectName;
        if (keys.Key == "image" && Containers.Contains(keys.Parent)) return ValueShapes.IsImageReference;
        return null;
    }
}
