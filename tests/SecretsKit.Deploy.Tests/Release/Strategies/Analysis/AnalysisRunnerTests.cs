using SecretsKit.Deploy.Tests.Release.Strategies;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Strategies;
using SecretsKit.Deploy.Release.Strategies.Analysis;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Web;

namespace SecretsKit.Deploy.Tests.Release.Strategies.Analysis;

/// <summary>
/// The analysis checks against a real HTTP server on 127.0.0.1 standing in for the application and for Prometheus, and
/// real processes for <c>command</c>: status, JSON path and CEL condition; no redirect followed; a bounded body; the
/// timeout; Prometheus's first sample; count and failureLimit; a command's output redacted.
/// </summary>
public sealed class AnalysisRunnerTests : IAsyncLifetime
{
    private const string Secret = "s3cret-db-password-9c1e";
    private readonly List<string> _said = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("sk-analysis-").FullName;
    private FakeProbeServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProbeServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static AnalysisSpec Spec(HttpAnalysis? http = null, PrometheusAnalysis? prometheus = null, IReadOnlyList<string>? command = null, bool helmTest = false,
        int count = 1, int failureLimit = 0, double timeoutSeconds = 10) =>
        new(helmTest, http, prometheus, command, TimeSpan.FromMilliseconds(20), count, failureLimit, TimeSpan.FromSeconds(timeoutSeconds), "promotion.yaml:3");

    private Task<AnalysisResult> RunAsync(AnalysisSpec spec, Func<CancellationToken, Task<bool>>? helmTest = null) =>
        new AnalysisRunner(TimeProvider.System, new SystemProcessRunner(), _dir, [Secret], _said.Add)
            .RunAsync(spec, helmTest ?? (_ => Task.FromResult(true)), CancellationToken.None);

    [Fact]
    public async Task Http_passes_on_the_status_and_a_true_condition_over_the_json_path()
    {
        _server.Answer("/healthz", (200, """{"status": "ok", "checks": [{"latencyMs": 12}]}"""));
        var ok = await RunAsync(Spec(new HttpAnalysis(new Uri(_server.Url("/healthz")), 200, "$.checks[0].latencyMs", "result < 50 && status == 200")));
        Assert.True(ok.Passed, ok.Failed?.Detail);

        var slow = await RunAsync(Spec(new HttpAnalysis(new Uri(_server.Url("/healthz")), 200, "$.checks[0].latencyMs", "result < 10")));
        Assert.False(slow.Passed);
        Assert.Equal("http", slow.Failed!.Check);
        Assert.Contains("result < 10 is false", slow.Failed.Detail, StringComparison.Ordinal);

        var missing = await RunAsync(Spec(new HttpAnalysis(new Uri(_server.Url("/healthz")), null, "$.nothing", "result == 1")));
        Assert.Contains("nothing at $.nothing", missing.Failed!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_fails_on_another_status_and_follows_no_redirect()
    {
        _server.Answer("/down", (503, "{}"));
        var down = await RunAsync(Spec(new HttpAnalysis(new Uri(_server.Url("/down")), null, null, null)));
        Assert.Contains("answered 503, expected a 2xx", down.Failed!.Detail, StringComparison.Ordinal);

        _server.Answer("/elsewhere", (200, "{}"));
        _server.Redirect("/moved", _server.Url("/elsewhere"));
        var moved = await RunAsync(Spec(new HttpAnalysis(new Uri(_server.Url("/moved")), 200, null, null)));
        Assert.Contains("answered 302 (a redirect, not followed), expected 200", moved.Failed!.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.PathAndQuery == "/elsewhere");
    }

    [Fact]
    public async Task An_answer_past_the_body_budget_and_a_server_that_does_not_answer_in_time_fail_the_check()
    {
        _server.Answer("/huge", (200, "\"" + new string('a', AnalysisHttp.MaxBodyBytes + 10) + "\""));
        var huge = await RunAsync(Spec(new HttpAnalysis(new Uri(_server.Url("/huge")), null, null, "true")));
        Assert.Contains("larger than 1024 KiB", huge.Failed!.Detail, StringComparison.Ordinal);

        var never = new TaskCompletionSource();
        _server.Answer("/slow", (200, "{}"));
        _server.InjectFault(FakeFault.Held(never.Task), "GET /slow");
        var slow = await RunAsync(Spec(new HttpAnalysis(new Uri(_server.Url("/slow")), null, null, null), timeoutSeconds: 0.3));
        never.SetResult();
        Assert.Contains("no answer within its timeout (300ms)", slow.Failed!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_reads_the_first_sample_as_a_number_and_an_empty_result_fails()
    {
        const string query = "sum(rate(http_requests_total{code=~\"5..\"}[1m]))";
        _server.Metric(query, "0.005");
        var good = await RunAsync(Spec(prometheus: new PrometheusAnalysis(_server.BaseAddress, query, "result < 0.01")));
        Assert.True(good.Passed, good.Failed?.Detail);
        Assert.Contains(_server.Requests, r => r.PathAndQuery == "/api/v1/query?query=" + Uri.EscapeDataString(query));

        _server.Metric(query, "0.2");
        var bad = await RunAsync(Spec(prometheus: new PrometheusAnalysis(_server.BaseAddress, query, "result < 0.01")));
        Assert.Equal(("prometheus", "result 0.2: result < 0.01 is false"), (bad.Failed!.Check, bad.Failed.Detail));

        var none = await RunAsync(Spec(prometheus: new PrometheusAnalysis(_server.BaseAddress, "absent_metric", "result < 1")));
        Assert.Contains("the query returned no sample", none.Failed!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_and_failure_limit_decide_and_a_failed_analysis_stops_taking_measurements()
    {
        _server.Metric("errors", "0", "1", "0");
        var tolerated = await RunAsync(Spec(prometheus: new PrometheusAnalysis(_server.BaseAddress, "errors", "result == 0.0"), count: 3, failureLimit: 1));
        Assert.True(tolerated.Passed);
        Assert.Equal((1, 3), (tolerated.Failures, tolerated.Measurements));

        _server.ResetCounts();
        _server.Metric("errors", "1", "1", "0", "0");
        var failed = await RunAsync(Spec(prometheus: new PrometheusAnalysis(_server.BaseAddress, "errors", "result == 0.0"), count: 4, failureLimit: 1));
        Assert.False(failed.Passed);
        Assert.Equal((2, 2), (failed.Failures, failed.Measurements));
        Assert.Equal(2, _server.Requests.Count);
        Assert.StartsWith("prometheus failed 2 of 2 measurements (failureLimit 1)", failed.Describe(Spec(count: 4, failureLimit: 1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_passes_on_exit_0_and_its_failing_output_is_shown_redacted()
    {
        var script = Path.Combine(_dir, "smoke.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho \"connecting with {Secret}\"\necho \"smoke failed\" >&2\nexit \"$1\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var ok = await RunAsync(Spec(command: ["./smoke.sh", "0"]));
        Assert.True(ok.Passed, ok.Failed?.Detail);

        var bad = await RunAsync(Spec(command: ["./smoke.sh", "3"]));
        Assert.Equal("command", bad.Failed!.Check);
        Assert.Contains("./smoke.sh 3 exited 3", bad.Failed.Detail, StringComparison.Ordinal);
        Assert.Contains("connecting with REDACTED", bad.Failed.Detail, StringComparison.Ordinal);
        Assert.Contains("smoke failed", bad.Failed.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, bad.Failed.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_said, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_check_of_a_measurement_runs_and_the_helm_test_is_the_callers()
    {
        _server.Answer("/healthz", (200, "{}"));
        var tests = 0;
        var result = await RunAsync(Spec(new HttpAnalysis(new Uri(_server.Url("/healthz")), null, null, null), helmTest: true, count: 2), _ =>
        {
            tests++;
            return Task.FromResult(tests < 2);
        });
        Assert.False(result.Passed);
        Assert.Equal(("helmTest", 2), (result.Failed!.Check, tests));
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(2, _said.Count);
        Assert.StartsWith("analysis 2/2: FAIL helmTest", _said[1], StringComparison.Ordinal);
    }
}
