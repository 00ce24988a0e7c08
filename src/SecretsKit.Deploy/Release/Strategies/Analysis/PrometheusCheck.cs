using System.Globalization;
using System.Text.Json;

namespace SecretsKit.Deploy.Release.Strategies.Analysis;

/// <summary>
/// <c>prometheus</c>: an instant query (<c>GET ADDRESS/api/v1/query?query=…</c>); <c>result</c> is the first sample's value
/// as a number (a vector's first series, a scalar, a matrix's first series' newest value) and the condition must be true.
/// </summary>
internal static class PrometheusCheck
{
    public static async Task<CheckResult> RunAsync(PrometheusAnalysis spec, CancellationToken ct)
    {
        var url = new Uri(spec.Address.AbsoluteUri.TrimEnd('/') + "/api/v1/query?query=" + Uri.EscapeDataString(spec.Query));
        var shown = AnalysisHttp.Shown(url);
        var (status, body) = await AnalysisHttp.GetAsync(url, ct);
        if (status != 200) return CheckResult.Fail("prometheus", $"GET {shown} answered {status}");
        double? sample;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            sample = FirstSample(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return CheckResult.Fail("prometheus", $"GET {shown}: not a Prometheus query answer ({e.GetType().Name})");
        }
        if (sample is not { } value) return CheckResult.Fail("prometheus", $"the query returned no sample ({shown})");
        var (passed, said) = AnalysisCondition.Evaluate(spec.SuccessCondition, new Dictionary<string, object?> { ["result"] = value }, ct);
        return new CheckResult("prometheus", passed, $"result {value.ToString("G", CultureInfo.InvariantCulture)}: {said}");
    }

    /// <summary>The first sample's value of a <c>status: success</c> answer; null when the result is empty.</summary>
    private static double? FirstSample(JsonElement root)
    {
        if (root.GetProperty("status").GetString() != "success") throw new FormatException("status is not success");
        var data = root.GetProperty("data");
        var result = data.GetProperty("result");
        JsonElement pair;
        switch (data.GetProperty("resultType").GetString())
        {
            case "scalar":
                pair = result;
                break;
            case "vector":
                if (result.GetArrayLength() == 0) return null;
                pair = result[0].GetProperty("value");
                break;
            case "matrix":
                if (result.GetArrayLength() == 0 || result[0].GetProperty("values") is var values && values.GetArrayLength() == 0) return null;
                pair = result[0].GetProperty("values")[result[0].GetProperty("values").GetArrayLength() - 1];
                break;
            default:
                throw new FormatException("resultType");
        }
        return Number(pair[1].GetString() ?? throw new FormatException("value"));
    }

    /// <summary>Prometheus writes sample values as Go floats in strings: <c>0.005</c>, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.</summary>
    private static double Number(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
