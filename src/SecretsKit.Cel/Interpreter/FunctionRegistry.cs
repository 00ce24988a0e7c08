namespace SecretsKit.Cel.Interpreter;

/// <summary>The functions of an environment by name, global (<c>f(x)</c>) and receiver style (<c>x.f()</c>)
/// separately. One implementation per name and style checks its argument types itself and returns
/// <c>no such overload</c> for the others.</summary>
internal sealed class FunctionRegistry
{
    private readonly Dictionary<string, CelFunction> _global = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CelFunction> _member = new(StringComparer.Ordinal);
    private readonly HashSet<string> _qualifiedLastParts = new(StringComparer.Ordinal);

    public FunctionRegistry Global(string name, CelFunction function)
    {
        _global[name] = function;
        if (name.LastIndexOf('.') is var dot and > 0)
            _qualifiedLastParts.Add(name[(dot + 1)..]);
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

    /// <summary>Whether some global function has a dotted name ending in <c>.<paramref name="function"/></c>
    /// (<c>optional.of</c>, <c>math.greatest</c>): only then can a receiver call be such a global call.</summary>
    public bool EndsQualifiedGlobal(string function) => _qualifiedLastParts.Contains(function);
}
