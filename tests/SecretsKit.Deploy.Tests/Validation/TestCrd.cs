namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>A namespaced CRD of group <c>example.com</c>, version <c>v1</c>, for tests that check a custom resource against its schema.</summary>
internal static class TestCrd
{
    /// <summary>The CRD for <paramref name="kind"/>, its <c>spec</c> described by <paramref name="specSchema"/> (YAML), followed by <c>---</c>.</summary>
    public static string Of(string kind, string plural, string specSchema)
    {
        var indented = string.Join('\n', specSchema.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', 12) + line));
        return $"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {{name: {plural}.example.com}}\n"
            + $"spec:\n  group: example.com\n  names: {{kind: {kind}, plural: {plural}}}\n  scope: Namespaced\n  versions:\n"
            + "  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n"
            + $"        properties:\n          spec:\n{indented}\n---\n";
    }
}
