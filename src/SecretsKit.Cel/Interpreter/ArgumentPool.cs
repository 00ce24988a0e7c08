namespace SecretsKit.Cel.Interpreter;

/// <summary>
/// The argument arrays of one evaluator's calls, reused: a call rents an array of its arity, fills it, calls the
/// function and returns it (cleared). Nested calls rent their own, so an array is in use by one call at a time.
/// Functions never keep their argument array (<see cref="CelFunction"/>), only the values in it.
/// </summary>
internal sealed class ArgumentPool
{
    private const int MaxArity = 4;
    private const int PerArity = 16;
    private readonly Stack<object?[]>[] _free = Stacks();

    // a loop, not LINQ: a native process resolves a LINQ chain's generic virtual call on its first use
    private static Stack<object?[]>[] Stacks()
    {
        var stacks = new Stack<object?[]>[MaxArity + 1];
        for (var arity = 0; arity <= MaxArity; arity++) stacks[arity] = new Stack<object?[]>();
        return stacks;
    }

    public object?[] Rent(int count)
    {
        if (count == 0)
            return [];
        return count <= MaxArity && _free[count].TryPop(out var args) ? args : new object?[count];
    }

    public void Return(object?[] args)
    {
        if (args.Length is 0 or > MaxArity || _free[args.Length].Count >= PerArity)
            return;
        Array.Clear(args);
        _free[args.Length].Push(args);
    }
}
