namespace SecretsKit.Core.GoTemplate;

/// <summary>
/// Thrown by a template function; the evaluator reports it as <c>error calling NAME: message</c> (or, for argument
/// count and type errors, <paramref name="wrapped"/> false, as the bare message, as Go does).
/// </summary>
public sealed class TemplateFunctionException(string message, bool wrapped = true) : Exception(message)
{
    public bool Wrapped { get; } = wrapped;
}
