namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>
/// <c>kubernetesProvider:</c> the objects <c>lookup</c> finds and the <c>scheme</c> that maps an <c>apiVersion/Kind</c>
/// to its resource (a kind not in the scheme finds nothing, as with helm-unittest's fake client). A test's objects come
/// before the suite's; the suite's scheme entries win over the test's, as helm-unittest folds them.
/// </summary>
internal sealed record KubernetesProviderSettings(IReadOnlyDictionary<string, FakeKind> Scheme, IReadOnlyList<object?> Objects)
{
    public static KubernetesProviderSettings None { get; } = new(new Dictionary<string, FakeKind>(), []);

    public KubernetesProviderSettings Over(KubernetesProviderSettings suite)
    {
        var scheme = new Dictionary<string, FakeKind>(Scheme, StringComparer.Ordinal);
        foreach (var (key, kind) in suite.Scheme) scheme[key] = kind;
        return new KubernetesProviderSettings(scheme, [.. Objects, .. suite.Objects]);
    }
}
