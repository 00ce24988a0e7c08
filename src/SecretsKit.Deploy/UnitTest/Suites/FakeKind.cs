namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>One <c>kubernetesProvider.scheme</c> entry: the resource (<c>gvr</c>) an <c>apiVersion/Kind</c> is served as, and whether it is namespaced.</summary>
internal sealed record FakeKind(string Group, string Version, string Resource, bool Namespaced)
{
    /// <summary><c>group/version</c>, or <c>version</c> for the core group.</summary>
    public string GroupVersion => Group.Length > 0 ? Group + "/" + Version : Version;
}
