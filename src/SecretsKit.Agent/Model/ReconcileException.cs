using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Model;

/// <summary>A reconcile failure carrying the condition reason to report. The message never contains secret values.</summary>
internal sealed class ReconcileException(string reason, string message, Exception? inner = null)
    : SecretsKitException(ExitCodes.Generic, message, null, inner)
{
    public string Reason { get; } = reason;
}
