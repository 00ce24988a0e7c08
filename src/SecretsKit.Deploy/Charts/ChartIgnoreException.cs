using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Charts;

/// <summary>A <c>.helmignore</c> rule helm refuses (Go's <c>filepath.ErrBadPattern</c>, or <c>**</c>).</summary>
internal sealed class ChartIgnoreException(string message) : SecretsKitException(ExitCodes.Generic, message);
