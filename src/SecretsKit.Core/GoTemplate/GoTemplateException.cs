using SecretsKit.Core.Errors;

namespace SecretsKit.Core.GoTemplate;

/// <summary>
/// A template failed to parse or execute. The message has Go's shape, <c>template: NAME:LINE:COL: …</c> (execution errors
/// add <c>executing "NAME" at &lt;node&gt;:</c>), and never carries a rendered value.
/// </summary>
public sealed class GoTemplateException(string message) : SecretsKitException(ExitCodes.Generic, message);

/// <summary>
/// Thrown by a template function; the evaluator reports it as <c>error calling NAME: message</c> (or, for argument
/// count and type errors, <paramref name="wrapped"/> false, as the bare message, as Go does).
/// </summary>
public sealed class TemplateFunctionException(string message, bool wrapped = true) : Exception(message)
{
    public bool Wrapped { get; } = wrapped;
}
