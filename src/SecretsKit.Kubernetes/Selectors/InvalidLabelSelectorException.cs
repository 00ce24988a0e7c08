using SecretsKit.Core.Errors;

namespace SecretsKit.Kubernetes.Selectors;

/// <summary>A label selector that cannot be evaluated (unknown operator, values that do not fit the operator).</summary>
public sealed class InvalidLabelSelectorException(string message) : SecretsKitException(ExitCodes.Generic, "invalid label selector: " + message);
