
namespace SecretsKit.Cel.Interpreter;

/// <summary>A function implementation: its evaluated arguments (the receiver first for receiver-style calls), none of
/// them an error or unknown. Returns a value or a <see cref="CelError"/>; charges its own size-dependent cost. The array
/// is the caller's, reused after the call (<see cref="ArgumentPool"/>): a function keeps values from it, never the array.</summary>
internal delegate object? CelFunction(EvalContext context, object?[] args);
