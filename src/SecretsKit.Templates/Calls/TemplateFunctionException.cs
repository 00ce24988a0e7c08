using SecretsKit.Go;

namespace SecretsKit.Templates.Calls;

/// <summary>
/// Thrown by a template function (a Go <c>error</c>, so the evaluator handles it with the runtime's <see cref="GoException"/>); the evaluator reports it as <c>error calling NAME: message</c> at the command, or, for
/// argument count and type errors (<paramref name="wrapped"/> false), as the bare message where Go reports it: an
/// argument count error at the function's name, a wrong argument at that argument (<see cref="ArgumentIndex"/>).
/// </summary>
public sealed class TemplateFunctionException(string message, bool wrapped = true) : GoException(message)
{
    public bool Wrapped { get; } = wrapped;

    /// <summary>The argument Go's message is about (its node is the error's <c>at &lt;…&gt;</c>); null for the call.</summary>
    public int? ArgumentIndex { get; init; }

    /// <summary>An argument count error, which Go reports at the function's name.</summary>
    public bool IsArity { get; init; }
}
