using BenchmarkDotNet.Running;

namespace SecretsKit.Bench;

internal static class Program
{
    /// <summary>
    /// Pass BenchmarkDotNet arguments, e.g. <c>--filter '*Cipher*'</c> or <c>--job short</c>; or <c>--stages [values] [rounds]</c>
    /// for a quick stage breakdown of whole-file decrypt/encrypt (see <see cref="StageTimer"/>); or <c>--validate [rounds]</c>
    /// for the validate stage against <c>helm template</c> (see <see cref="ValidationTimer"/>); or <c>--validate-gateway [seconds]</c>
    /// for the Gateway API chart's validation in rounds interleaved with helm (see <see cref="GatewayRounds"/>); or <c>--validate-profile [rounds]</c> for where that validation spends time and
    /// allocations (see <see cref="ValidationProfile"/>); or <c>--policy [rounds]</c> for
    /// the policy stage (see <see cref="PolicyTimer"/>); or <c>--unittest [rounds]</c> for the unittest stage on 50 tests
    /// against one <c>helm template</c> per test (see <see cref="UnitTestTimer"/>).
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--stages")
        {
            StageTimer.Run(args);
            return;
        }
        if (args.Length > 0 && args[0] == "--validate")
        {
            ValidationTimer.Run(args);
            return;
        }
        if (args.Length > 0 && args[0] == "--validate-gateway")
        {
            GatewayRounds.Run(args);
            return;
        }
        if (args.Length > 0 && args[0] == "--validate-profile")
        {
            ValidationProfile.Run(args);
            return;
        }
        if (args.Length > 0 && args[0] == "--policy")
        {
            PolicyTimer.Run(args);
            return;
        }
        if (args.Length > 0 && args[0] == "--unittest")
        {
            UnitTestTimer.Run(args);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
