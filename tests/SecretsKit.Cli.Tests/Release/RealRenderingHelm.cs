using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// A <c>helm</c> for release tests that render for real but need a cluster: the real helm (3.10.1, or the given one) for
/// what needs no cluster (template, lint, pull, repo, version, …), the stateful fake helm, which records upgrades, for the rest.
/// </summary>
internal static class RealRenderingHelm
{
    public static string Write(TempDir dir, string fakeHelm, string? realHelm = null)
    {
        var wrapper = dir.Write("helm", $"""
            #!/bin/sh
            case "$1" in
              template|lint|show|pull|package|dependency|repo|version) exec '{realHelm ?? RealHelm.Path}' "$@" ;;
              *) exec '{fakeHelm}' "$@" ;;
            esac
            """);
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return wrapper;
    }
}
