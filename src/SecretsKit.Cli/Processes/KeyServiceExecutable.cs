using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.Processes;

/// <summary>
/// <c>secretskit-keyservice</c>, the key service's own executable (Kestrel, ASP.NET Core), shipped in the CLI's directory:
/// run as <c>dotnet secretskit-keyservice.dll</c> when the CLI itself runs under <c>dotnet</c>, otherwise as the executable
/// (native, or .NET's apphost). <c>secretskit keyservice</c> replaces its own process with it, so signals, the standard
/// streams (<c>--prompt</c>), the process id and the exit code are the key service's.
/// </summary>
internal static class KeyServiceExecutable
{
    public const string Name = "secretskit-keyservice";

    public static void Exec(IReadOnlyList<string> arguments)
    {
        var directory = AppContext.BaseDirectory;
        var host = Environment.ProcessPath;
        var dll = Path.Combine(directory, Name + ".dll");
        var native = Path.Combine(directory, Name);
        string path;
        List<string> argv;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet" && File.Exists(dll))
        {
            (path, argv) = (host, [host, dll]);
        }
        else if (File.Exists(native))
        {
            (path, argv) = (native, [native]);
        }
        else
        {
            throw new SecretsKitException(ExitCodes.Generic, $"the key service's executable {Name} is not in {directory}",
                "install SecretsKit again (its package ships secretskit-keyservice next to secretskit)");
        }
        argv.AddRange(arguments);
        var errno = ProcessReplacer.Exec(path, argv);
        throw new SecretsKitException(ExitCodes.Generic, $"cannot run {path} (errno {errno})");
    }
}
