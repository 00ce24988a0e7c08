using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests.Release;

/// <summary>The approval digest: the same plan gives the same line, and the diff, the chart or an encrypted file's bytes each change it.</summary>
public sealed class ReleasePlanDigestTests
{
    private static readonly ReleaseTarget Target = new(new ReleaseSpec("backend", "shop", "./chart", null, new Dictionary<string, string>(), true, [], [], [], [], 1),
        new ReleaseEnvironment("prod", null, [], []), new HelmDefaults());

    private static ReleasePlan Plan(string diff, string chart, string file) =>
        new([new PlannedRelease(Target, new RecordedChart { Digest = chart }, diff, true, ["secrets.a"], [("secrets/prod.yaml", file)])]);

    [Fact]
    public void The_digest_follows_the_diff_the_chart_and_the_encrypted_bytes_and_nothing_else()
    {
        using var dir = new TempDir("sk-plan-");
        var file = dir.Write("secrets.yaml", "a: ENC[one]\n");
        var first = Plan("=== shop/backend (prod): 1 changed\n", "sha256:c", file).Digest;

        Assert.Matches("^sha256:[0-9a-f]{64}$", first);
        Assert.Equal(first, Plan("=== shop/backend (prod): 1 changed\n", "sha256:c", file).Digest);
        Assert.NotEqual(first, Plan("=== shop/backend (prod): 2 changed\n", "sha256:c", file).Digest);
        Assert.NotEqual(first, Plan("=== shop/backend (prod): 1 changed\n", "sha256:d", file).Digest);
        dir.Write("secrets.yaml", "a: ENC[two]\n");
        Assert.NotEqual(first, Plan("=== shop/backend (prod): 1 changed\n", "sha256:c", file).Digest);
    }
}
