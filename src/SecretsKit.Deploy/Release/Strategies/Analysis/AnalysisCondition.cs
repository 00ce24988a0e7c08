using System.Text.Json;
using SecretsKit.Cel;
using SecretsKit.Cel.Values;

namespace SecretsKit.Deploy.Release.Strategies.Analysis;

/// <summary>A check's <c>successCondition</c>: CEL on the project's engine, over <c>result</c> (and <c>status</c> for http).</summary>
internal static class AnalysisCondition
{
    /// <summary>True when the condition evaluates to true; otherwise what it evaluated to, for the failure's detail.</summary>
    public static (bool Passed, string Said) Evaluate(string condition, IReadOnlyDictionary<string, object?> variables, CancellationToken ct)
    {
        var program = CelProgram.Compile(condition, AnalysisReader.Conditions);
        var value = program.Evaluate(variables, cancellationToken: ct).Value;
        return value switch
        {
            true => (true, $"{condition} is true"),
            false => (false, $"{condition} is false"),
            CelError error => (false, $"{condition} could not be evaluated: {Core.Errors.Echo.Bounded(error.Message, 200)}"),
            _ => (false, $"{condition} is {Core.Errors.Echo.Bounded(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null", 100)}"),
        };
    }

    /// <summary>A JSON text as a CEL value (depth-bounded parse).</summary>
    public static object? Json(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        return CelConvert.FromJson(document.RootElement.Clone());
    }
}
