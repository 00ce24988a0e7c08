using BenchmarkDotNet.Running;

namespace SecretsKit.Bench;

internal static class Program
{
    /// <summary>Pass BenchmarkDotNet arguments, e.g. <c>--filter '*Cipher*'</c> or <c>--job short</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
