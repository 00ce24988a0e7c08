namespace SecretsKit.Cel.Interpreter;

/// <summary>Comprehension variables, innermost first (they shadow the activation's variables). A comprehension binds
/// its variables once and sets their values per element (<see cref="Value"/>): evaluation is eager, so no value
/// outlives the step that read it through the scope.</summary>
internal sealed class Scope(string name, object? value, Scope? parent)
{
    public bool TryGet(string key, out object? result)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.Name == key)
            {
                result = scope.Value;
                return true;
            }
        }
        result = null;
        return false;
    }

    public string Name { get; } = name;

    public object? Value { get; set; } = value;

    public Scope? Parent { get; } = parent;
}
