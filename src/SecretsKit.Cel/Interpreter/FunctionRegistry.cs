namespace SecretsKit.Cel.Interpreter;

/// <summary>The functions of an environment by name, global (<c>f(x)</c>) and receiver style (<c>x.f()</c>)
/// separately. One implementation per name and style checks its argument types itself and returns
/// <c>no such overload</c> for the others.</summary>
internal sealed class FunctionRegistry
{
    private readonly Dictionary<string, CelFunction> _global = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CelFunction> _member = new(StringComparer.Ordinal);

    public FunctionRegistry Global(string name, CelFunction function)
    {
        _global[name] = function;
        return this;
    }

    public FunctionRegistry Member(string name, CelFunction function)
    {
        _member[name] = function;
        return this;
    }

    public FunctionRegistry Both(string name, CelFunction function) => Global(name, function).Member(name, function);

    public CelFunction? FindGlobal(string name) => _global.GetValueOrDefault(name);

    public CelFunction? FindMember(string name) => _member.GetValueOrDefault(name);

    public bool HasGlobal(string name) => _global.ContainsKey(name);
}
