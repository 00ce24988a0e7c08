using System.Diagnostics;

namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>Runs a real command-line tool (gpg, age) with stdin and returns its stdout bytes; fails the test on a non-zero exit.</summary>
internal static class Cli
{
    public static byte[] Run(string file, IReadOnlyList<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null)
        {
            foreach (var (k, v) in env) psi.Environment[k] = v;
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stderrTask = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        stdoutTask.GetAwaiter().GetResult();
        var stderr = stderrTask.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {stderr}");
        }
        return stdout.ToArray();
    }
}
