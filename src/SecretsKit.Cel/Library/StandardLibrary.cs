using SecretsKit.Cel.Interpreter;

namespace SecretsKit.Cel.Library;

/// <summary>cel-spec's standard environment plus optionals and cel-go's strings extension (every environment
/// here has them, as Kubernetes' does).</summary>
internal static class StandardLibrary
{
    public static FunctionRegistry Create()
    {
        var registry = new FunctionRegistry();
        Operators.Register(registry);
        Conversions.Register(registry);
        StringFunctions.Register(registry);
        TimeFunctions.Register(registry);
        OptionalFunctions.Register(registry);
        StringExtensions.Register(registry);
        return registry;
    }
}
