using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Model;

/// <summary>
/// What any failure of a reconcile becomes on the object's Ready condition, the same for every kind. Our own errors
/// (API, provider, template, spec) keep their message, which names keys and stores, never values; running out of memory
/// or stack, and anything unexpected (a parser's or a library's exception), are named by their type only, as their
/// text may quote input. Only the agent stopping (and a shard lost mid-reconcile) is not reported.
/// </summary>
internal static class ReconcileFailure
{
    /// <summary>Whether <paramref name="e"/> is reported on the object: anything but the agent stopping or a lost shard.</summary>
    public static bool IsReported(Exception e, CancellationToken ct) => !ct.IsCancellationRequested && e is not ShardFencedException;

    /// <summary>Our errors and HTTP failures: their messages are written for users and may be shown as they are.</summary>
    public static bool IsKnown(Exception e) => e is SecretsKitException or HttpRequestException;

    /// <summary>The condition reason: a <see cref="ReconcileException"/>'s own, else <paramref name="fallback"/>.</summary>
    public static string Reason(Exception e, string fallback) => e is ReconcileException r ? r.Reason : fallback;

    /// <summary>The condition message: a known error's message (or <paramref name="known"/> of it), else the type alone.</summary>
    public static string Message(Exception e, Func<Exception, string>? known = null) => e switch
    {
        _ when IsKnown(e) => known?.Invoke(e) ?? e.Message,
        OutOfMemoryException or InsufficientExecutionStackException => Messages.OutOfResources(e.GetType().Name),
        _ => Messages.InternalError(e.GetType().Name),
    };
}
