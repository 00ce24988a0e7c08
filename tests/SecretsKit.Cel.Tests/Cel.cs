using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Tests;

/// <summary>Compiles and evaluates an expression in the Kubernetes environment.</summary>
internal static class Cel
{
    public static readonly CelEnvironment Environment = CelEnvironment.Kubernetes();

    public static object? Eval(string expression, IReadOnlyDictionary<string, object?>? variables = null, long? costLimit = null) =>
        CelProgram.Compile(expression, Environment).Evaluate(variables ?? new Dictionary<string, object?>(), costLimit).Value;

    public static CelError Error(string expression, IReadOnlyDictionary<string, object?>? variables = null) =>
        Assert.IsType<CelError>(Eval(expression, variables));

    public static Dictionary<string, object?> Vars(params (string Name, object? Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    public static CelMap Map(params (string Key, object? Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<object, object?>(e.Key, CelConvert.ToCel(e.Value))));
}
