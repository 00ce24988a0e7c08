namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>A namespaced CRD of group <c>example.com</c>, version <c>v1</c> (or the versions given), for tests that check a custom resource against its schema.</summary>
internal static class TestCrd
{
    /// <summary>The CRD for <paramref name="kind"/>, its <c>spec</c> described by <paramref name="specSchema"/> (YAML), followed by <c>---</c>.</summary>
    public static string Of(string kind, string plural, string specSchema) => WithVersions(kind, plural, ("v1", specSchema));

    /// <summary>The CRD for <paramref name="kind"/> serving each version with its own <c>spec</c> schema (the last one stored).</summary>
    public static string WithVersions(string kind, string plural, params (string Name, string SpecSchema)[] versions)
    {
        var text = $"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {{name: {plural}.example.com}}\n"
            + $"spec:\n  group: example.com\n  names: {{kind: {kind}, plural: {plural}}}\n  scope: Namespaced\n  versions:\n";
        for (var i = 0; i < versions.Length; i++)
        {
            var indented = string.Join('\n', versions[i].SpecSchema.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', 12) + line));
            text += $"  - name: {versions[i].Name}\n    served: true\n    storage: {(i == versions.Length - 1 ? "true" : "false")}\n    schema:\n      openAPIV3Schema:\n        type: object\n"
                + $"        properties:\n          spec:\n{indented}\n";
        }
        return text + "---\n";
    }
}
