namespace SecretsKit.Cli.Processes;

/// <summary>
/// This program as a child process would start it: its executable (native, or .NET's apphost), or under <c>dotnet</c> the
/// host with this program's entry assembly, as <see cref="KeyServiceExecutable"/> finds its sibling.
/// </summary>
internal static class SelfExecutable
{
    public static (string Path, IReadOnlyList<string> Arguments)? Find()
    {
        var host = Environment.ProcessPath;
        if (host is null) return null;
        if (Path.GetFileNameWithoutExtension(host) != "dotnet") return (host, []);
        var dll = Path.Combine(AppContext.BaseDirectory, AppDomain.CurrentDomain.FriendlyName + ".dll");
        return File.Exists(dll) ? (host, [dll]) : null;
    }
}
