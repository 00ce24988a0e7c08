using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release.Locking;

/// <summary>Another run holds an environment's release lock (or this run lost its own): exit 11, naming the holder.</summary>
public sealed class ReleaseLockedException(string message, string? hint = null)
    : SecretsKitException(ExitCodes.ReleaseLocked, message, hint);
