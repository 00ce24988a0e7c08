using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Interpreter;

/// <summary>cel-spec's commutative logical operators: <c>false &amp;&amp; x</c> and <c>x &amp;&amp; false</c> are false
/// whatever x is (an error, an unknown, a non-bool); otherwise unknowns win over errors.</summary>
internal static class Logic
{
    /// <summary>The boxed booleans, shared: a rule's logical steps allocate no box.</summary>
    public static readonly object True = true;

    /// <inheritdoc cref="True"/>
    public static readonly object False = false;

    /// <summary>A boolean result as one of the shared boxes.</summary>
    public static object Box(bool value) => value ? True : False;

    /// <summary><c>left &amp;&amp; right</c> once the right side is evaluated (the caller skips it when left is false).</summary>
    public static object? And(object? left, object? r)
    {
        if (left is false || r is false)
            return False;
        if (left is true && r is true)
            return True;
        return Undecided(left, r, "_&&_");
    }

    /// <summary><c>left || right</c> once the right side is evaluated (the caller skips it when left is true).</summary>
    public static object? Or(object? left, object? r)
    {
        if (left is true || r is true)
            return True;
        if (left is false && r is false)
            return False;
        return Undecided(left, r, "_||_");
    }

    private static object Undecided(object? left, object? right, string op)
    {
        if (left is CelUnknown lu)
            return right is CelUnknown ru ? CelUnknown.Merge(lu, ru) : lu;
        if (right is CelUnknown u)
            return u;
        if (left is CelError le)
            return le;
        if (right is CelError re)
            return re;
        return CelError.NoOverload(op);
    }

    /// <summary>The result of a strict call whose arguments include an unknown or an error: the merged unknowns,
    /// else the first error; null when every argument is a value.</summary>
    public static object? FirstErrorOrUnknown(object?[] args)
    {
        CelUnknown? unknown = null;
        CelError? error = null;
        foreach (var arg in args)
        {
            if (arg is CelUnknown u)
                unknown = unknown is null ? u : CelUnknown.Merge(unknown, u);
            else if (arg is CelError e)
                error ??= e;
        }
        return (object?)unknown ?? error;
    }
}
