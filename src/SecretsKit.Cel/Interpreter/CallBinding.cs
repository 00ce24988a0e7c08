namespace SecretsKit.Cel.Interpreter;

/// <summary>What a call site denotes in one environment's <see cref="FunctionRegistry"/>: its resolved name and the
/// function (null for indexing and for an unbound name, which <see cref="Evaluator"/> handles by name).</summary>
internal sealed record CallBinding(FunctionRegistry Functions, string Name, CelFunction? Function);
