using SecretsKit.Deploy.Release.Promotion;
using SecretsKit.Deploy.Release.Records;

namespace SecretsKit.Deploy.Tests.Release.Promotion;

/// <summary>Each gate over a source record and a planned target: passes when it should, and refuses naming the release and the reason.</summary>
public sealed class PromotionGateCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly PromotionGates All = PromotionGates.FromSource with
    {
        MaxSourceAge = TimeSpan.FromHours(72), MinSoak = TimeSpan.FromMinutes(30), Approval = ApprovalGate.DiffDigest,
    };

    private static RecordedChart Chart(string version = "0.1.0", string digest = "sha256:aaaa") => new() { Name = "app", Version = version, Digest = digest };

    private static ReleaseRecord Source(Action<ReleaseRecordEntry>? change = null, TimeSpan? age = null)
    {
        var entry = new ReleaseRecordEntry
        {
            Name = "backend", Namespace = "shop", Chart = Chart(), Revision = 6, Outcome = "passed", Result = "upgraded",
            SecretKeys = ["secrets.apiToken", "secrets.dbPassword"],
            Stages = [new RecordedStage { Name = "upgrade", Outcome = "passed" }, new RecordedStage { Name = "test", Outcome = "passed" }],
        };
        change?.Invoke(entry);
        return new ReleaseRecord { Environment = "staging", Command = "apply", Outcome = "passed", EndedAt = Now - (age ?? TimeSpan.FromHours(1)), Releases = [entry] };
    }

    private static GateInputs Inputs(ReleaseRecord? source, int? live = 6, RecordedChart? chart = null, string[]? keys = null, string? approved = "sha256:plan") =>
        new("staging", "prod", "ConfigMap secretskit-system/secretskit-record-staging on context staging", source,
            new Dictionary<string, int?> { ["shop/backend"] = live },
            [new GatedRelease("shop/backend", chart ?? Chart(), keys ?? ["secrets.apiToken", "secrets.dbPassword"])], "sha256:plan", approved, Now);

    private static GateResult Gate(string name, GateInputs inputs) => PromotionGateCheck.Evaluate(All, inputs).Single(r => r.Name == name);

    [Fact]
    public void Every_gate_passes_when_the_target_is_what_the_source_verified()
    {
        var results = PromotionGateCheck.Evaluate(All, Inputs(Source()));
        Assert.Equal(["sourceVerified", "maxSourceAge", "minSoak", "sameChart", "secretKeys", "approval"], results.Select(r => r.Name));
        Assert.All(results, r => Assert.True(r.Passed, r.Message));
    }

    [Fact]
    public void Source_verified_refuses_a_missing_record_a_failed_release_an_untested_one_and_a_moved_revision()
    {
        Assert.Equal("gate sourceVerified: staging has no release record (ConfigMap secretskit-system/secretskit-record-staging on context staging): apply or promote it there first",
            Gate("sourceVerified", Inputs(null)).Message);
        Assert.Equal("gate sourceVerified: shop/backend did not pass in staging (test failed, rolled back to 5)",
            Gate("sourceVerified", Inputs(Source(e => { e.Outcome = "failed"; e.Result = "test failed, rolled back to 5"; }))).Message);
        Assert.Equal("gate sourceVerified: shop/backend's helm test in staging was skipped",
            Gate("sourceVerified", Inputs(Source(e => e.Stages[1].Outcome = "skipped"))).Message);
        Assert.Equal("gate sourceVerified: shop/backend in staging is at revision 7, the record verified revision 6",
            Gate("sourceVerified", Inputs(Source(), live: 7)).Message);
        Assert.Equal("gate sourceVerified: shop/backend in staging is at no revision (not installed), the record verified revision 6",
            Gate("sourceVerified", Inputs(Source(), live: null)).Message);
        Assert.Equal("gate sourceVerified: shop/backend is not in the staging record",
            Gate("sourceVerified", Inputs(Source(e => e.Name = "other"))).Message);
    }

    [Fact]
    public void Age_and_soak_compare_the_source_records_end_with_now()
    {
        Assert.Equal("gate maxSourceAge: the staging record is 80h0m0s old, older than 72h0m0s",
            Gate("maxSourceAge", Inputs(Source(age: TimeSpan.FromHours(80)))).Message);
        Assert.Equal("gate minSoak: staging has run it for 12m0s of 30m0s", Gate("minSoak", Inputs(Source(age: TimeSpan.FromMinutes(12)))).Message);
    }

    [Fact]
    public void Same_chart_refuses_another_version_or_digest_naming_both()
    {
        Assert.Equal("gate sameChart: shop/backend would deploy app 0.2.0 (sha256:aaaa), staging verified app 0.1.0 (sha256:aaaa)",
            Gate("sameChart", Inputs(Source(), chart: Chart("0.2.0"))).Message);
        Assert.False(Gate("sameChart", Inputs(Source(), chart: Chart(digest: "sha256:bbbb"))).Passed);
    }

    [Fact]
    public void Secret_keys_name_what_is_missing_and_what_is_extra_never_a_value()
    {
        var result = Gate("secretKeys", Inputs(Source(), keys: ["secrets.apiToken", "secrets.stripeKey"]));
        Assert.Equal("gate secretKeys: shop/backend in prod lacks secrets.dbPassword that staging has; has secrets.stripeKey that staging lacks", result.Message);
    }

    [Fact]
    public void Approval_needs_the_digest_of_the_plan()
    {
        Assert.StartsWith("gate approval: prod needs --approved-digest", Gate("approval", Inputs(Source(), approved: null)).Message, StringComparison.Ordinal);
        Assert.Equal("gate approval: the change differs from the approved one (approved sha256:old, now sha256:plan)",
            Gate("approval", Inputs(Source(), approved: "sha256:old")).Message);
    }

    [Fact]
    public void Text_from_a_record_is_bounded_and_kept_on_one_line()
    {
        var result = Gate("sourceVerified", Inputs(Source(e => { e.Outcome = "failed"; e.Result = "x\nsecretskit: forged line " + new string('y', 5000); })));
        Assert.DoesNotContain('\n', result.Message);
        Assert.True(result.Message.Length < 1000, result.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_first_stage_without_gates_evaluates_none()
    {
        Assert.Empty(PromotionGateCheck.Evaluate(PromotionGates.FirstStage, Inputs(null)));
    }
}
