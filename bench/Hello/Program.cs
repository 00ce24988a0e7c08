using System.Reflection;

namespace SecretsKit.Bench.Hello;

internal static class Program
{
    /// <summary>hello: prints the informational version, as <c>secretskit --version</c> does, and exits.</summary>
    public static int Main()
    {
        var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        Console.Out.WriteLine(version);
        return 0;
    }
}
