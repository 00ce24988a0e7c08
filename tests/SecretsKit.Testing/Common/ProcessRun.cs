using System.Diagnostics;
using System.Text;

namespace SecretsKit.Testing.Common;

/// <summary>Runs a real process with a timeout, capturing stdout as bytes and stderr as text.</summary>
public static class ProcessRun
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);

        /// <summary>The process's peak resident set (VmHWM) as last read from /proc while it ran, in KiB (0 when not measured).</summary>
        public long PeakRssKiB { get; init; }
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string?>? env = null,
        byte[]? stdin = null, string? cwd = null, TimeSpan? timeout = null, bool clearEnvironment = false, bool measurePeakMemory = false)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (cwd is not null) psi.WorkingDirectory = cwd;
        if (clearEnvironment) psi.Environment.Clear();
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                if (v is null) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
            }
        }
        using var p = Process.Start(psi)!;
        var stdout = new MemoryStream();
        var outTask = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var errTask = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            try { await p.StandardInput.BaseStream.WriteAsync(stdin); } catch (IOException) { }
        }
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var exited = p.WaitForExitAsync(cts.Token);
        var peak = 0L;
        try
        {
            // VmHWM only grows: the last reading before the process ends is its peak up to then
            while (measurePeakMemory && !exited.IsCompleted)
            {
                peak = Math.Max(peak, PeakRssKiB(p.Id));
                await Task.WhenAny(exited, Task.Delay(5, cts.Token));
            }
            await exited;
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            // what it wrote until the kill (bounded: a descendant that left the tree may still hold the pipes)
            var partial = Task.WhenAll(outTask, errTask);
            await Task.WhenAny(partial, Task.Delay(TimeSpan.FromSeconds(10)));
            throw new ProcessTimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} did not finish in time",
                partial.IsCompletedSuccessfully ? Encoding.UTF8.GetString(stdout.ToArray()) : "",
                errTask.IsCompletedSuccessfully ? await errTask : "");
        }
        await outTask;
        return new Result(p.ExitCode, stdout.ToArray(), await errTask) { PeakRssKiB = peak };
    }

    /// <summary>VmHWM (the peak resident set so far) of a running process in KiB, 0 once it is gone.</summary>
    public static long PeakRssKiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
