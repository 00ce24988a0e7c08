using System.Diagnostics;
using System.Globalization;

namespace SecretsKit.Bench;

/// <summary>
/// <c>--stages [values] [rounds]</c>: runs each <see cref="WholeFileBenchmarks"/> stage a few times and prints the best
/// wall time, the CPU time, GC pauses and collections of that run and the bytes allocated. A quick look (seconds, not minutes) for a loaded
/// machine; BenchmarkDotNet gives the real statistics.
/// </summary>
internal static class StageTimer
{
    public static void Run(string[] args)
    {
        var values = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var bench = new WholeFileBenchmarks { Values = values };
        bench.Setup();
        var stages = new (string Name, Func<object> Run)[]
        {
            ("floor (YamlDotNet parse + emit)", () => bench.Floor()),
            ("decrypt whole file", bench.Decrypt),
            ("encrypt whole file", bench.Encrypt),
            ("  parse encrypted yaml", bench.ParseEncrypted),
            ("  YamlDotNet events (encrypted)", () => bench.ScanEncrypted()),
            ("  metadata + age unwrap", bench.Unwrap),
            ("  decrypt values + MAC", bench.DecryptValues),
            ("  decrypt values + MAC + IV stash", bench.DecryptValuesWithStash),
            ("  emit plaintext yaml", bench.EmitPlain),
            ("  parse plaintext yaml", bench.ParsePlain),
            ("  encrypt values + MAC", bench.EncryptValues),
            ("  emit encrypted yaml", bench.EmitEncrypted),
        };
        Console.WriteLine($"{values} values, best of {rounds}");
        Console.WriteLine($"{"stage",-34} {"wall ms",9} {"cpu ms",9} {"alloc MB",9} {"gc ms",7} {"gen0/1/2",10}");
        foreach (var (name, run) in stages)
        {
            var best = double.MaxValue;
            var bestCpu = 0.0;
            var allocated = 0L;
            var pause = 0.0;
            var gcs = "";
            for (var r = 0; r < rounds; r++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
                var pause0 = GC.GetTotalPauseDuration();
                int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
                var watch = Stopwatch.StartNew();
                GC.KeepAlive(run());
                watch.Stop();
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
                allocated = GC.GetTotalAllocatedBytes(precise: true) - alloc0;
                if (watch.Elapsed.TotalMilliseconds < best)
                {
                    best = watch.Elapsed.TotalMilliseconds;
                    bestCpu = cpu;
                    pause = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds;
                    gcs = $"{GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}";
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {best,9:F1} {bestCpu,9:F1} {allocated / 1048576.0,9:F1} {pause,7:F1} {gcs,10}"));
        }
    }
}
