using System.Globalization;

namespace SecretsKit.Bench.AgentBench;

/// <summary>Resident and peak resident memory and the thread count of a process, from <c>/proc/PID/status</c> (Linux).</summary>
internal readonly record struct ProcessMemory(double RssMb, double PeakRssMb, int Threads)
{
    public static ProcessMemory Read(int pid)
    {
        double rss = double.NaN, peak = double.NaN;
        var threads = -1;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) / 1024;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) / 1024;
            else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = (int)Kilobytes(line);
        }
        return new ProcessMemory(rss, peak, threads);
    }

    private static double Kilobytes(string line) =>
        double.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
