using System.Diagnostics.CodeAnalysis;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates.Calls;

/// <summary>One call of a template function: its name, arguments, the options in force and the running execution (for <c>tpl</c>).</summary>
public sealed record TemplateCall(string Name, IReadOnlyList<object?> Args, TemplateOptions Options)
{
    /// <summary>The running execution (its function set; budgets shared with nested renders); null when a function is called outside one.</summary>
    public ITemplateRun? Execution { get; init; }

    /// <summary>What the running execution's functions may still build; null outside an execution (only the per-result limit holds).</summary>
    public TemplateBudget? Budget { get; init; }

    /// <summary>How each argument was written: a constant's kind and text (Go checks constants at the argument), or null.</summary>
    internal IReadOnlyList<(TokenKind Kind, string Text)?>? Constants { get; init; }

    /// <summary>How the first argument was written (<c>.f</c>, <c>$f</c>), which Go's <c>call</c> names in its errors; null when it was piped in.</summary>
    internal string? FirstArgumentText { get; init; }

    /// <summary>
    /// The error Go gives when argument <paramref name="i"/> does not fit a parameter of Go type <paramref name="goType"/>
    /// (<c>string</c>, <c>int</c>, <c>float64</c>, <c>bool</c>, or another type name): for a constant
    /// <c>expected string; found 1</c>, <c>expected integer; found "3"</c>, <c>can't handle "x" for arg of type T</c>,
    /// <c>cannot assign nil to T</c>; for a nil value <c>invalid value; expected T</c>; else
    /// <c>wrong type for value; expected T; got U</c>. Reported at that argument, as Go does.
    /// </summary>
    public TemplateFunctionException WrongType(int i, string goType)
    {
        var constant = Constants is { } c && i < c.Count ? c[i] : null;
        var expected = goType switch { "int" or "int64" or "uint8" => "integer", "uint32" => "unsigned integer", "float64" => "float", _ => goType };
        var message = constant switch
        {
            { Kind: TokenKind.Nil } => $"cannot assign nil to {goType}",
            { Kind: TokenKind.Bool or TokenKind.Number or TokenKind.String } k when goType is "string" or "int" or "int64" or "float64" or "bool" or "uint8" or "uint32"
                => $"expected {expected}; found {k.Text}",
            { Kind: TokenKind.String or TokenKind.Number or TokenKind.Bool } k => $"can't handle {k.Text} for arg of type {goType}",
            _ when Args[i] is null => $"invalid value; expected {goType}",
            _ => $"wrong type for value; expected {goType}; got {GoTypes.TypeName(Args[i])}",
        };
        return new TemplateFunctionException(message, wrapped: false) { ArgumentIndex = i };
    }

    private static TemplateFunctionException Arity(string message) => new(message, wrapped: false) { IsArity = true };

    /// <summary>
    /// Parses and runs <paramref name="text"/> (helm/helmfile <c>tpl</c>) with the running function set, sharing the
    /// running execution's steps, depth, clock and output budgets; its errors are Go-shaped template errors.
    /// </summary>
    public string Render(string name, string text, object? data) =>
        Execution is { } e ? e.Render(name, text, data) : throw new TemplateFunctionException($"no running template to render \"{name}\" in");

    /// <summary>Runs the template <paramref name="name"/> defined in the running templates (<c>include</c>), within the same budgets.</summary>
    public string Include(string name, object? data) =>
        Execution is { } e ? e.Include(name, data) : throw new TemplateFunctionException($"no template \"{name}\" to include");

    /// <summary>Fails (as a template error) before a result of <paramref name="length"/> characters passes the output or build budget.</summary>
    public void EnsureFits(long length)
    {
        if (Budget is { } b) b.EnsureFits(Name, length);
        else Options.Limits.EnsureFits(Name, length);
    }

    /// <summary>The most characters a result written now may have (0 = unlimited): what a writer stops at while it writes.</summary>
    public long OutputLimit => Budget?.Limit ?? Options.Limits.MaxOutput;

    /// <summary>Go's <c>%v</c> of a value within <see cref="OutputLimit"/>, counted against the build budget (a shared sub-tree printed many times ends at the budget).</summary>
    public string Format(object? v)
    {
        if (v is string s) return s;
        var text = GoFormat.Value(v, 'v', OutputLimit);
        Budget?.Add(text.Length);
        return text;
    }

    /// <summary>sprig's <c>toString</c>/<c>strval</c> (<see cref="GoValues.ToStr"/>) within the budgets, as <see cref="Format"/>.</summary>
    public string ToStr(object? v) => v as string ?? Format(v);

    public int Count => Args.Count;

    /// <summary>Checks the argument count (Go: <c>wrong number of args for NAME: want N got M</c>).</summary>
    public TemplateCall Exactly(int n) =>
        Args.Count == n ? this : throw Arity($"wrong number of args for {Name}: want {n} got {Args.Count}");

    public TemplateCall AtLeast(int n) =>
        Args.Count >= n ? this : throw Arity($"wrong number of args for {Name}: want at least {n} got {Args.Count}");

    public TemplateCall Between(int min, int max) =>
        Args.Count >= min && Args.Count <= max ? this
            : throw Arity($"wrong number of args for {Name}: want {min} to {max} got {Args.Count}");

    public object? this[int i] => Args[i];

    /// <summary>A string parameter: Go rejects any other type.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the Go template argument type it reads.")]
    public string String(int i) => Args[i] is string s && !IsConstantOtherThan(i, TokenKind.String) ? s : throw WrongType(i, "string");

    private bool IsConstantOtherThan(int i, TokenKind kind) => Constants is { } c && i < c.Count && c[i] is { } k && k.Kind != kind;

    /// <summary>
    /// A uint32 parameter (sprig's <c>derivePassword</c> counter): only a non-negative integral constant fits, kept to its
    /// low 32 bits as Go's <c>reflect.Value.SetUint</c> keeps it; a variable or a function's result is an <c>int</c> or a
    /// <c>float64</c>, which Go refuses.
    /// </summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the Go template argument type it reads.")]
    public uint UInt32(int i)
    {
        if (Constants is { } c && i < c.Count && c[i] is { Kind: TokenKind.Number })
        {
            switch (Args[i])
            {
                case long l when l >= 0: return unchecked((uint)l);
                case double d when d >= 0 && d == Math.Floor(d) && d < 1.8e19: return unchecked((uint)(ulong)d);
            }
        }
        throw WrongType(i, "uint32");
    }

    /// <summary>An int parameter (a whole float64 from YAML is accepted, as reflect conversion would).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the Go template argument type it reads.")]
    public long Int(int i)
    {
        // an integral constant fits an int parameter ("2.0" and 'a' included), as Go's evalInteger allows
        if (Constants is { } c && i < c.Count && c[i] is { Kind: TokenKind.Number } && Args[i] is double d && d == Math.Floor(d) && Math.Abs(d) < 9.2e18) return (long)d;
        if (IsConstantOtherThan(i, TokenKind.Number)) throw WrongType(i, "int");
        return Args[i] switch
        {
            long l => l,
            int n => n,
            _ => throw WrongType(i, "int"),
        };
    }
}
