using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Tests.Conformance;

/// <summary>Compiles and evaluates one case; returns null when the outcome is the expected one, else what happened.</summary>
internal static class ConformanceRunner
{
    private static readonly CelEnvironment Environment = CelEnvironment.Kubernetes();

    public static string? Run(ConformanceCase test)
    {
        CelEvalResult result;
        try
        {
            var environment = test.Container.Length == 0 ? Environment : Environment with { Container = test.Container };
            result = CelProgram.Compile(test.Expr, environment).Evaluate(test.Bindings);
        }
        catch (CelSyntaxException e)
        {
            return test.ExpectError ? null : "syntax error: " + e.Message;
        }
        if (test.ExpectError)
            return result.Value is CelError ? null : $"expected an error, got {Show(result.Value)}";
        if (result.Value is CelError error)
            return $"error: {error.Message}";
        return ConformanceValues.Same(test.Expected, result.Value) ? null : $"got {Show(result.Value)}, expected {Show(test.Expected)}";
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\" (string)",
        CelError e => "error " + e.Message,
        _ => $"{SecretsKit.Cel.Library.StringFormatter.Text(value)} ({CelValues.TypeOf(value)})",
    };
}
