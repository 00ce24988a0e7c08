using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Templates;

/// <summary>A template could not be parsed or executed (unknown function, bad argument). Never carries values.</summary>
internal sealed class TemplateException(string message) : SecretsKitException(ExitCodes.Generic, message)
{
    /// <summary>Whether the template failed while executing, not while parsing (<see cref="Core.GoTemplate.GoTemplateException.Executing"/>).</summary>
    public bool Executing { get; init; }
}
