using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Controllers.GeneratorStates;

/// <summary>A GeneratorState that cannot be cleaned up, with ESO's message for its <c>Ready</c> condition.</summary>
internal sealed class GeneratorStateException(string message, Exception? inner = null) : SecretsKitException(ExitCodes.Generic, message, null, inner);
