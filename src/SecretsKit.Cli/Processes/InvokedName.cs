namespace SecretsKit.Cli.Processes;

/// <summary>
/// The name the CLI was started by: the file name of the first word of its command line (<c>sops</c> through a
/// <c>sops</c> symlink to a native or tool-package binary). A CLI run by the <c>dotnet</c> host from a launcher script
/// (<c>./secretskit</c>, the test wrappers) has <c>dotnet</c> there; the launcher then names itself in
/// <see cref="EnvironmentVariable"/>, which is read only in that case, so a child started by a native binary never
/// inherits a name that is not its own.
/// </summary>
internal static class InvokedName
{
    public const string EnvironmentVariable = "SECRETSKIT_INVOKED_AS";

    private static readonly Lazy<string> Name = new(FromProcess);

    /// <summary>The name of this process (computed once).</summary>
    public static string Current => Name.Value;

    /// <summary>Whether this process was started as <c>sops</c> (it then speaks as sops where their outputs differ).</summary>
    public static bool IsSops => Current == "sops";

    /// <summary>The name from a first command-line word and the launcher's variable, by the rule above.</summary>
    public static string Resolve(string? firstWord, string? launcherName)
    {
        var name = Path.GetFileName(firstWord ?? "");
        if (name is "" or "dotnet" or "dotnet.exe")
        {
            name = Path.GetFileName(launcherName ?? "");
        }
        return name.Length == 0 ? "secretskit" : name;
    }

    private static string FromProcess() =>
        Resolve(FirstCommandLineWord(), Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>argv[0] as the process was started: <c>/proc/self/cmdline</c> where there is one (an app host reports its
    /// own path to .NET, not the link it was started through), else what .NET reports.</summary>
    private static string? FirstCommandLineWord()
    {
        try
        {
            if (File.Exists("/proc/self/cmdline"))
            {
                var bytes = File.ReadAllBytes("/proc/self/cmdline");
                var end = Array.IndexOf(bytes, (byte)0);
                return System.Text.Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
            }
        }
        catch (IOException)
        {
            // fall through to what .NET reports
        }
        catch (UnauthorizedAccessException)
        {
            // fall through to what .NET reports
        }
        var args = Environment.GetCommandLineArgs();
        return args.Length > 0 ? args[0] : null;
    }
}
