using System.Diagnostics;
using System.Text;

namespace SecretsKit.Core.Tests.Age;

/// <summary>Runs Debian's age, age-keygen, ssh-keygen and script as real processes, with a hard timeout.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);
    }

    public static Result Run(string file, IEnumerable<string> args, byte[]? stdin = null, int timeoutSeconds = 60)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        var stdout = new MemoryStream();
        var outTask = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var errTask = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null) p.StandardInput.BaseStream.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds}s");
        }
        outTask.Wait(TimeSpan.FromSeconds(10));
        return new Result(p.ExitCode, stdout.ToArray(), errTask.Result);
    }

    /// <summary>Runs and requires exit code 0.</summary>
    public static Result Ok(string file, params string[] args) => OkWithInput(file, null, args);

    public static Result OkWithInput(string file, byte[]? stdin, params string[] args)
    {
        var r = Run(file, args, stdin);
        Assert.True(r.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    /// <summary>Runs a command under <c>script</c> so it gets a pseudo-terminal; <paramref name="typed"/> is what the user types.</summary>
    public static Result WithTerminal(string commandLine, string typed) =>
        Run("script", ["-qec", commandLine, "/dev/null"], Encoding.UTF8.GetBytes(typed));

    /// <summary>POSIX single-quoting for a command line given to <c>script -c</c>.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Generates an SSH key pair with ssh-keygen (no passphrase); returns the private key path.</summary>
    public static string SshKeygen(TempDir dir, string type, string name)
    {
        var path = dir.File(name);
        var args = new List<string> { "-q", "-t", type, "-N", "", "-C", "test", "-f", path };
        if (type == "rsa") args.InsertRange(0, ["-b", "2048"]);
        var r = Run("ssh-keygen", args);
        Assert.True(r.ExitCode == 0, "ssh-keygen failed: " + r.Stderr);
        return path;
    }
}
