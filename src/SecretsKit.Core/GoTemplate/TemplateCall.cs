using System.Diagnostics.CodeAnalysis;

namespace SecretsKit.Core.GoTemplate;

/// <summary>One call of a template function: its name, arguments, and the function set and options in force (for <c>tpl</c>).</summary>
public sealed record TemplateCall(string Name, IReadOnlyList<object?> Args, TemplateFunctions Functions, TemplateOptions Options)
{
    /// <summary>The running execution (budgets shared with nested renders); null when a function is called outside one.</summary>
    public TemplateExecution? Execution { get; init; }

    /// <summary>
    /// Parses and runs <paramref name="text"/> (helm/helmfile <c>tpl</c>) with the running function set, sharing the
    /// running execution's steps, depth, clock and output budgets; its errors are Go-shaped template errors.
    /// </summary>
    public string Render(string name, string text, object? data) =>
        Execution is { } e ? e.Render(name, text, data) : Template.Render(name, text, data, Functions, Options);

    /// <summary>Runs the template <paramref name="name"/> defined in the running templates (<c>include</c>), within the same budgets.</summary>
    public string Include(string name, object? data) =>
        Execution is { } e ? e.Include(name, data) : throw new TemplateFunctionException($"no template \"{name}\" to include");

    /// <summary>Fails (as a template error) before a result of <paramref name="length"/> characters passes the output budget.</summary>
    public void EnsureFits(long length) => Options.Limits.EnsureFits(Name, length);

    public int Count => Args.Count;

    /// <summary>Checks the argument count (Go: <c>wrong number of args for NAME: want N got M</c>).</summary>
    public TemplateCall Exactly(int n) =>
        Args.Count == n ? this : throw new TemplateFunctionException($"wrong number of args for {Name}: want {n} got {Args.Count}", wrapped: false);

    public TemplateCall AtLeast(int n) =>
        Args.Count >= n ? this : throw new TemplateFunctionException($"wrong number of args for {Name}: want at least {n} got {Args.Count}", wrapped: false);

    public TemplateCall Between(int min, int max) =>
        Args.Count >= min && Args.Count <= max ? this
            : throw new TemplateFunctionException($"wrong number of args for {Name}: want {min} to {max} got {Args.Count}", wrapped: false);

    public object? this[int i] => Args[i];

    /// <summary>A string parameter: Go rejects any other type.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the Go template argument type it reads.")]
    public string String(int i) => Args[i] switch
    {
        string s => s,
        null => throw new TemplateFunctionException("invalid value; expected string", wrapped: false),
        var v => throw new TemplateFunctionException($"wrong type for value; expected string; got {GoValues.TypeName(v)}", wrapped: false),
    };

    /// <summary>An int parameter (a whole float64 from YAML is accepted, as reflect conversion would).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the Go template argument type it reads.")]
    public long Int(int i) => Args[i] switch
    {
        long l => l,
        int n => n,
        GoInt64 g => g.Value,
        null => throw new TemplateFunctionException("invalid value; expected int", wrapped: false),
        _ => throw new TemplateFunctionException($"wrong type for value; expected int; got {GoValues.TypeName(Args[i])}", wrapped: false),
    };
}
