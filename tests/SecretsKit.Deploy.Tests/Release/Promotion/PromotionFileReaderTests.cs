using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Locking;
using SecretsKit.Deploy.Release.Promotion;

namespace SecretsKit.Deploy.Tests.Release.Promotion;

public sealed class PromotionFileReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sk-promotion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PromotionFile Read(string yaml)
    {
        var path = Path.Combine(_dir, PromotionFile.DefaultFileName);
        File.WriteAllText(path, yaml);
        return PromotionFileReader.Read(path, PromotionFile.DefaultFileName);
    }

    private SecretsKitException Refused(string yaml) => Assert.Throws<SecretsKitException>(() => Read(yaml));

    [Fact]
    public void Reads_the_documented_shape_with_every_gate()
    {
        var file = Read("""
            stages:
              - {name: dev, environments: [dev]}
              - {name: staging, environments: [staging], from: dev}
              - name: prod
                environments: [prod-eu, prod-us]
                from: staging
                gates: {sourceVerified: true, sameChart: false, secretKeys: same, recipients: any, maxSourceAge: 72h, minSoak: 30m, approval: diff-digest}
                fanOut: {order: parallel, onFailure: rollback-done}
            lock: {namespace: release-locks, ttl: 90s, wait: 2m}
            """);
        Assert.Equal(["dev", "staging", "prod"], file.Stages.Select(s => s.Name));
        Assert.Equal(PromotionGates.FirstStage, file.Stages[0].Gates);
        Assert.Equal(PromotionGates.FromSource, file.Stages[1].Gates);
        var prod = file.Stages[2];
        Assert.Equal("staging", prod.From);
        Assert.Equal(["prod-eu", "prod-us"], prod.Environments);
        Assert.Equal(new PromotionGates(true, false, SecretKeysGate.Same, RecipientsGate.Any, TimeSpan.FromHours(72), TimeSpan.FromMinutes(30), ApprovalGate.DiffDigest), prod.Gates);
        Assert.Equal(new PromotionFanOut(FanOutOrder.Parallel, FanOutFailure.RollbackDone), prod.FanOut);
        Assert.Equal(new ReleaseLockSettings("release-locks", TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(2)), file.Lock);
    }

    [Fact]
    public void A_stage_name_stands_for_its_environments_and_an_environment_for_itself()
    {
        var file = Read("""
            stages:
              - {name: staging, environments: [staging]}
              - {name: prod, environments: [prod-eu, prod-us], from: staging}
            """);
        Assert.Equal(["prod-eu", "prod-us"], file.Resolve("prod"));
        Assert.Equal(["prod-us"], file.Resolve("prod-us"));
        Assert.Equal(["staging"], file.Resolve("staging"));
        Assert.Equal(["qa"], file.Resolve("qa"));
        Assert.Equal("prod", file.StageOf("prod-eu")!.Name);
        Assert.Null(file.StageOf("qa"));
    }

    [Fact]
    public void Without_a_lock_section_the_default_lock_applies()
    {
        Assert.Equal(ReleaseLockSettings.Default, Read("stages: [{name: dev, environments: [dev]}]").Lock);
        Assert.Equal(new ReleaseLockSettings("secretskit-system", TimeSpan.FromSeconds(60), TimeSpan.Zero), ReleaseLockSettings.Default);
    }

    [Theory]
    [InlineData("stages: [{name: dev, enviroments: [dev]}]", "1: unknown key 'enviroments' in a stage: did you mean 'environments'?")]
    [InlineData("stage: []", "1: unknown key 'stage' in the promotion file: did you mean 'stages'?")]
    [InlineData("lock: {namepsace: x}", "unknown key 'namepsace' in lock: did you mean 'namespace'?")]
    [InlineData("stages: [{name: a, environments: [a]}, {name: b, environments: [b], from: a, gates: {minSoak: 1h, aproval: none}}]", "did you mean 'approval'?")]
    [InlineData("stages: [{name: a, environments: [a]}, {name: b, environments: [b], from: stagin}]", "not a stage defined before it")]
    [InlineData("stages: [{name: a, environments: [a]}, {name: b, environments: [b], from: c}, {name: c, environments: [c]}]", "'c', which is not a stage defined before it")]
    [InlineData("stages: [{name: a, environments: [x]}, {name: b, environments: [x]}]", "environment 'x' is in stage 'a' and stage 'b'")]
    [InlineData("stages: [{name: a, environments: [a]}, {name: a, environments: [b]}]", "stage 'a' is defined twice")]
    [InlineData("stages: [{name: a, environments: []}]", "stage 'a' lists no environments")]
    [InlineData("stages: [{environments: [a]}]", "a stage needs a name")]
    [InlineData("stages: [{name: a, environments: [Prod_EU]}]", "cannot name a Kubernetes object")]
    [InlineData("stages: [{name: a, environments: [b]}, {name: b, environments: [c]}]", "-e b would be ambiguous")]
    [InlineData("stages: [{name: a, environments: [a]}, {name: b, environments: [b], from: a, gates: {maxSourceAge: 3 days}}]", "maxSourceAge must be a duration")]
    [InlineData("stages: [{name: a, environments: [a]}, {name: b, environments: [b], from: a, gates: {minSoak: -1h}}]", "minSoak must be a duration")]
    [InlineData("stages: [{name: a, environments: [a]}, {name: b, environments: [b], from: a, gates: {secretKeys: equal}}]", "secretKeys must be one of same, any (got 'equal')")]
    [InlineData("stages: [{name: a, environments: [a], gates: {sameChart: true}}]", "need 'from'")]
    [InlineData("stages: [{name: a, environments: [a], fanOut: {order: random}}]", "order must be one of sequential, parallel")]
    [InlineData("lock: {ttl: 1s}", "lock.ttl must be at least 3s")]
    [InlineData("lock: {namespace: Not_A_Namespace}", "is not a namespace name")]
    [InlineData("stages: {dev: [dev]}", "stages must be a list")]
    [InlineData("- a\n- b", "the promotion file must be a mapping")]
    [InlineData("a: 1\n---\nb: 2", "exactly one YAML document")]
    public void Refuses_a_bad_file_naming_the_line_and_the_fix(string yaml, string expected)
    {
        var e = Refused(yaml);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(PromotionFile.DefaultFileName, e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Generic, e.ExitCode);
    }

    [Fact]
    public void An_alias_bomb_is_refused_within_the_state_readers_budget()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(0, 9).Select(i =>
            $"{(char)('b' + i)}: &{(char)('b' + i)} [{string.Join(", ", Enumerable.Repeat("*" + (char)('a' + i), 10))}]\n"));
        Assert.Contains("not valid YAML", Refused(bomb).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_takes_the_explicit_file_else_the_one_beside_the_state_else_none()
    {
        Assert.Same(PromotionFile.Empty, PromotionFileReader.Find(null, _dir, _dir));
        var beside = Path.Combine(_dir, PromotionFile.DefaultFileName);
        File.WriteAllText(beside, "stages: [{name: dev, environments: [dev]}]");
        Assert.Equal(beside, PromotionFileReader.Find(null, _dir, "/").Path);
        var other = Path.Combine(_dir, "other.yaml");
        File.WriteAllText(other, "stages: [{name: qa, environments: [qa]}]");
        Assert.Equal("qa", PromotionFileReader.Find("other.yaml", "/", _dir).Stages[0].Name);
        var e = Assert.Throws<SecretsKitException>(() => PromotionFileReader.Find("missing.yaml", _dir, _dir));
        Assert.Contains("promotion file missing.yaml does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hint_under_every_error_names_a_page_that_documents_every_key()
    {
        var e = Refused("stage: []");
        Assert.Contains(PromotionFileReader.SchemaDocument, e.Hint, StringComparison.Ordinal);
        var page = File.ReadAllText(Path.Combine(SecretsKit.Testing.Common.SharedFixtures.RepositoryRoot, PromotionFileReader.SchemaDocument));
        Assert.Contains("## " + PromotionFileReader.SchemaSection, page, StringComparison.Ordinal);
        foreach (var key in new[] { "stages[].name", "stages[].environments", "stages[].from", "gates.sourceVerified", "gates.sameChart", "gates.secretKeys",
            "gates.recipients", "gates.maxSourceAge", "gates.minSoak", "gates.approval", "fanOut.order", "fanOut.onFailure", "lock.namespace", "lock.ttl", "lock.wait" })
        {
            Assert.Contains($"| `{key}` |", page, StringComparison.Ordinal);
        }
    }
}
