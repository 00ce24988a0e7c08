namespace SecretsKit.Deploy.Validation;

/// <summary>What a front end may show about the validator without building one: the Kubernetes minors built in.</summary>
public static class ManifestValidatorInfo
{
    public static IReadOnlyList<string> BuiltinVersions => BuiltinSchemas.Available;
}
