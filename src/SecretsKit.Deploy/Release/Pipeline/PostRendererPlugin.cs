using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The Helm 4 <c>postrenderer/v1</c> plugin a sealed upgrade runs through (Helm 4 takes a post-renderer only as a plugin):
/// one manifest in the run's private directory, its command this program with absolute paths, put first in
/// <c>HELM_PLUGINS</c> before the user's plugins (Helm 4 reads a list of folders).
/// </summary>
internal static class PostRendererPlugin
{
    public static string Manifest(string name, string command, IEnumerable<string> args)
    {
        var sb = new StringBuilder()
            .Append("apiVersion: v1\ntype: postrenderer/v1\nname: ").Append(name).Append("\nversion: 0.1.0\nruntime: subprocess\n")
            .Append("runtimeConfig:\n  platformCommand:\n    - command: ").Append(Quote(command)).Append("\n      args: [")
            .Append(string.Join(", ", args.Select(Quote))).Append("]\n");
        return sb.ToString();
    }

    /// <summary>Where helm would read the user's plugins from: <c>HELM_PLUGINS</c>, else the data home's <c>plugins</c>.</summary>
    public static string UserPlugins(IEnvironment environment)
    {
        if (environment.Get("HELM_PLUGINS") is { Length: > 0 } plugins) return plugins;
        var data = environment.Get("HELM_DATA_HOME") is { Length: > 0 } helmData ? helmData
            : Path.Combine(environment.Get("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(environment.HomeDirectory, ".local", "share"), "helm");
        return Path.Combine(data, "plugins");
    }

    /// <summary>A YAML double-quoted string (paths may hold anything).</summary>
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
