using System.Diagnostics.CodeAnalysis;

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c> names this assembly; the runtime calls <c>StartupHook.Initialize</c>,
/// which must be a type of that name in no namespace) that records, when the process exits, the name of every assembly
/// it loaded into the file named by <c>SECRETSKIT_TEST_LOADED_ASSEMBLIES</c>. Used by <c>AssemblyLoadTests</c> on a
/// real <c>secretskit</c> process; it does nothing without that variable.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks the startup hook up as a top-level type named StartupHook.")]
internal static class StartupHook
{
    public static void Initialize()
    {
        var output = Environment.GetEnvironmentVariable("SECRETSKIT_TEST_LOADED_ASSEMBLIES");
        if (string.IsNullOrEmpty(output)) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            File.WriteAllLines(output, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? ""));
    }
}
