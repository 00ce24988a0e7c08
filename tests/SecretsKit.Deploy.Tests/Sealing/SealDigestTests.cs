using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Tree;
using SecretsKit.Deploy.Sealing;

namespace SecretsKit.Deploy.Tests.Sealing;

/// <summary>
/// The sum a sealed document keeps of what it was made from: the same for one Secret however helm handed it over (with
/// Helm 4's post-renderer annotation, an emptied or an empty annotations map, none), different when anything else differs.
/// </summary>
public sealed class SealDigestTests
{
    private static readonly SealOptions Options = new(SealFormat.SopsSecret,
        new SealRecipients([[TestSops.Engine().Registry.Get("age").Parse(TestSops.AgeRecipient, new KeyParseOptions())]]), "team", "team/web");

    private static string Digest(string metadata) =>
        SealDigest.Of(SealFormat.SopsSecret, Options, "team",
            new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes($"apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n{metadata}data:\n  password: cGxhY2Vob2xkZXI=\n")).Branches[0]);

    [Fact]
    public void Helm_4s_post_renderer_annotation_and_an_empty_annotations_map_do_not_change_the_sum()
    {
        var plain = Digest("");

        Assert.Equal(plain, Digest($"  annotations:\n    {SealDigest.PostRenderAnnotation}: secret.yaml\n"));
        Assert.Equal(plain, Digest("  annotations: {}\n"));
        Assert.Equal(plain, Digest($"  annotations:\n    {SealDigest.Annotation}: sha256:00\n"));
    }

    [Fact]
    public void A_real_annotation_a_label_or_another_value_changes_the_sum()
    {
        var plain = Digest("");
        var annotated = Digest($"  annotations:\n    team: web\n    {SealDigest.PostRenderAnnotation}: secret.yaml\n");

        Assert.NotEqual(plain, annotated);
        Assert.Equal(annotated, Digest("  annotations:\n    team: web\n"));
        Assert.NotEqual(plain, Digest("  labels:\n    app: web\n"));
    }
}
