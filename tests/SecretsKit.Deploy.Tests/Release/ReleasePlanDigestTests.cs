using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests.Release;

/// <summary>
/// The approval digest: the same plan gives the same line, and the diff, the chart or an encrypted file's bytes each change
/// it. The inputs digest a paused canary's record keeps: the chart, a plain values file, a <c>--set</c> and a SOPS file's
/// bytes change it; a decrypted file's plaintext and a redacted secret value do not go into it.
/// </summary>
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

    [Fact]
    public void The_inputs_digest_follows_the_chart_the_plain_values_the_sets_and_the_encrypted_bytes_and_never_a_secret_value()
    {
        using var dir = new TempDir("sk-inputs-");
        var plain = dir.Write("values.yaml", "replicaCount: 2\n");
        var decrypted = dir.Write("decrypted.yaml", "password: hunter2-first\n");
        var sops = dir.Write("secrets.yaml", "password: ENC[one]\n");
        string Digest(string chart = "sha256:c", string set = "image.tag=1.27") =>
            ReleasePlan.InputsDigest(new RecordedChart { Digest = chart }, ["-f", plain, "-f", decrypted, "--set", set], new HashSet<string> { decrypted },
                [("secrets/prod.yaml", sops)], text => text.Replace("hunter2-ref", "[redacted]", StringComparison.Ordinal));
        var first = Digest();

        Assert.Matches("^sha256:[0-9a-f]{64}$", first);
        dir.Write("decrypted.yaml", "password: hunter2-second\n"); // the plaintext is not read: its SOPS file's bytes stand for it
        Assert.Equal(first, Digest());
        Assert.Equal(Digest(set: "token=[redacted]"), Digest(set: "token=hunter2-ref"));
        Assert.NotEqual(first, Digest(chart: "sha256:d"));
        Assert.NotEqual(first, Digest(set: "image.tag=1.28"));
        dir.Write("values.yaml", "replicaCount: 3\n");
        var values = Digest();
        Assert.NotEqual(first, values);
        dir.Write("secrets.yaml", "password: ENC[two]\n");
        Assert.NotEqual(values, Digest());
    }
}
