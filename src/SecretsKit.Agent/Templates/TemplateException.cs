using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Templates;

/// <summary>A template could not be parsed or executed (unknown function, bad argument). Never carries values.</summary>
internal sealed class TemplateException(string message) : SecretsKitException(ExitCodes.Generic, message);
