using System.Diagnostics.CodeAnalysis;

namespace SecretsKit.Core.GoTemplate;

/// <summary>One call of a template function: its name, arguments, and the function set and options in force (for <c>tpl</c>).</summary>
public sealed record TemplateCall(string Name, IReadOnlyList<object?> Args, TemplateFunctions Functions, TemplateOptions Options)
{
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
    public string String(int i) => Args[i] as string
        ?? throw new TemplateFunctionException($"wrong type for value; expected string; got {GoValues.TypeName(Args[i])}", wrapped: false);

    /// <summary>An int parameter (a whole float64 from YAML is accepted, as reflect conversion would).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the Go template argument type it reads.")]
    public long Int(int i) => Args[i] switch
    {
        long l => l,
        int n => n,
        double d when d == Math.Floor(d) => (long)d,
        _ => throw new TemplateFunctionException($"wrong type for value; expected int; got {GoValues.TypeName(Args[i])}", wrapped: false),
    };
}
