using SecretsKit.Core.Errors;

namespace SecretsKit.Templates.Syntax;

/// <summary>
/// A template failed to parse or execute. The message has Go's shape, <c>template: NAME:LINE:COL: …</c> (execution errors
/// add <c>executing "NAME" at &lt;node&gt;:</c>), and never carries a rendered value.
/// </summary>
public sealed class GoTemplateException(string message) : SecretsKitException(ExitCodes.Generic, message)
{
    /// <summary>Whether the template failed while executing (the message has <c>executing "NAME"</c>), not while parsing.</summary>
    public bool Executing { get; init; }
}
