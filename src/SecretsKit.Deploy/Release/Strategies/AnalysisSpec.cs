namespace SecretsKit.Deploy.Release.Strategies;

/// <summary>
/// An analysis (a canary's <c>analysis:</c> step, an item of a blue-green's <c>prePromotion</c>/<c>postPromotion</c>): its
/// checks, each measured <see cref="Count"/> times <see cref="Interval"/> apart; the analysis fails once more than
/// <see cref="FailureLimit"/> measurements failed (a measurement fails when any of its checks does, or takes longer than
/// <see cref="Timeout"/>).
/// </summary>
/// <param name="HelmTest"><c>helmTest: true</c>: <c>helm test</c> of the release under test.</param>
/// <param name="Command"><c>command: [argv]</c>: passes on exit code 0; its output is shown redacted only.</param>
/// <param name="Where">The file and line of the analysis, for messages.</param>
public sealed record AnalysisSpec(
    bool HelmTest, HttpAnalysis? Http, PrometheusAnalysis? Prometheus, IReadOnlyList<string>? Command,
    TimeSpan Interval, int Count, int FailureLimit, TimeSpan Timeout, string Where)
{
    /// <summary><c>interval</c> when not given.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    /// <summary><c>timeout</c> when not given: how long one check may take.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The checks it runs, named as in the file (<c>helmTest+http</c>).</summary>
    public string Describe() => string.Join("+", Kinds());

    /// <summary>The check kinds, in the order they run.</summary>
    public IEnumerable<string> Kinds()
    {
        if (HelmTest) yield return "helmTest";
        if (Http is not null) yield return "http";
        if (Prometheus is not null) yield return "prometheus";
        if (Command is not null) yield return "command";
    }
}

/// <summary>
/// <c>http: {url, expectStatus, jsonPath, successCondition}</c>: one GET (redirects are not followed: a redirect is its
/// status); passes when the status is <see cref="ExpectStatus"/> (default any 2xx) and <see cref="SuccessCondition"/>,
/// a CEL expression over <c>status</c> and <c>result</c> (the JSON value at <see cref="JsonPath"/>, else the whole body
/// as JSON), is true.
/// </summary>
public sealed record HttpAnalysis(Uri Url, int? ExpectStatus, string? JsonPath, string? SuccessCondition);

/// <summary>
/// <c>prometheus: {address, query, successCondition}</c>: an instant query (<c>GET /api/v1/query</c>); <c>result</c> is
/// the first sample's value as a number, and <see cref="SuccessCondition"/> (CEL) must be true.
/// </summary>
public sealed record PrometheusAnalysis(Uri Address, string Query, string SuccessCondition);
