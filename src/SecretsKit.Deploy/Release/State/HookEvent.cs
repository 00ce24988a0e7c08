using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// An event as hooks see it: <c>.Event.Name</c>, <c>.Event.Error</c> (the failed release's error for postsync and the
/// run's for the global cleanup, else nil) and <c>.HelmfileCommand</c>.
/// </summary>
internal sealed record HookEvent(string Name, string HelmfileCommand, string? Error = null)
{
    /// <summary>
    /// The event with the command name helmfile v1.7 passes for it: the run's command for prepare and the global hooks,
    /// <c>apply</c> for preapply, <c>sync</c> for presync/postsync and the uninstall events of apply and sync (helmfile's
    /// apply syncs through the same code), <c>delete</c> for destroy's uninstall and cleanup events.
    /// </summary>
    public static HookEvent For(ReleaseCommand command, string ev, bool global, string? error = null)
    {
        var run = command.ToString().ToLowerInvariant();
        var name = global ? run : ev switch
        {
            "preapply" => "apply",
            "presync" or "postsync" => "sync",
            "preuninstall" or "postuninstall" => command == ReleaseCommand.Destroy ? "delete" : "sync",
            "cleanup" when command == ReleaseCommand.Destroy => "delete",
            _ => run,
        };
        return new HookEvent(ev, name, error);
    }
}
