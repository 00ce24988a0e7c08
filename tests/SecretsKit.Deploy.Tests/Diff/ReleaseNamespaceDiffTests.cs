using SecretsKit.Deploy.Diff;

namespace SecretsKit.Deploy.Tests.Diff;

/// <summary>
/// An object whose manifest has no <c>metadata.namespace</c> is labelled, and matched, under the release's namespace,
/// as helm-diff does (<c>acme-dev, storefront-sentry, Secret (v1) has been added:</c>, not <c>default, …</c>).
/// </summary>
public sealed class ReleaseNamespaceDiffTests
{
    private const string Secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: storefront-sentry\ndata:\n  dsn: YWJjZGVmZ2g=\n";

    private const string Namespaced = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: shared\ndata:\n  a: b\n";

    [Fact]
    public void Objects_without_a_namespace_are_shown_in_the_release_namespace()
    {
        var result = ManifestDiff.Compare(null, Secret + "---\n" + Namespaced, new ManifestDiffOptions(false, [], ReleaseNamespace: "acme-dev"));

        Assert.Contains("acme-dev, storefront-sentry, Secret (v1) has been added:", result.Text, StringComparison.Ordinal);
        Assert.Contains("shared, elsewhere, ConfigMap (v1) has been added:", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("default, ", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployed_object_with_the_namespace_written_matches_a_rendered_one_without_it()
    {
        var deployed = Secret.Replace("  name: storefront-sentry\n", "  name: storefront-sentry\n  namespace: acme-dev\n", StringComparison.Ordinal);

        var result = ManifestDiff.Compare(deployed, Secret, new ManifestDiffOptions(true, [], ReleaseNamespace: "acme-dev"));

        Assert.Equal((0, 0, 1), (result.Added, result.Removed, result.Changed));
        Assert.Contains("acme-dev, storefront-sentry, Secret (v1) has changed:", result.Text, StringComparison.Ordinal);
    }
}
