using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Webhook.Http;

namespace SecretsKit.Deploy.Release.Strategies.Analysis;

/// <summary>
/// <c>http</c>: one GET of the URL; passes when the status is <c>expectStatus</c> (any 2xx when not given) and the
/// <c>successCondition</c>, over <c>status</c> and <c>result</c> (the value at <c>jsonPath</c>, else the body as JSON), is true.
/// </summary>
internal static class HttpCheck
{
    public static async Task<CheckResult> RunAsync(HttpAnalysis spec, CancellationToken ct)
    {
        var shown = AnalysisHttp.Shown(spec.Url);
        var (status, body) = await AnalysisHttp.GetAsync(spec.Url, ct);
        var statusOk = spec.ExpectStatus is { } expected ? status == expected : status is >= 200 and <= 299;
        if (!statusOk)
        {
            var wanted = spec.ExpectStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "a 2xx";
            var redirect = status is >= 300 and <= 399 ? " (a redirect, not followed)" : "";
            return CheckResult.Fail("http", $"GET {shown} answered {status}{redirect}, expected {wanted}");
        }
        if (spec.SuccessCondition is not { } condition) return CheckResult.Pass("http", $"GET {shown} answered {status}");
        object? result;
        try
        {
            var root = JsonNode.Parse(Encoding.UTF8.GetString(body), documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            var found = true;
            var selected = spec.JsonPath is { } path ? JsonPathQuery.Select(root, path, out found) : root;
            if (!found) return CheckResult.Fail("http", $"GET {shown}: the answer has nothing at {spec.JsonPath}");
            result = AnalysisCondition.Json(selected?.ToJsonString() ?? "null");
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return CheckResult.Fail("http", $"GET {shown}: the answer is not JSON {spec.JsonPath} can be read from ({e.GetType().Name})");
        }
        var (passed, said) = AnalysisCondition.Evaluate(condition, new Dictionary<string, object?> { ["result"] = result, ["status"] = (long)status }, ct);
        return new CheckResult("http", passed, $"GET {shown} answered {status}: {said}");
    }
}
