using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// Runs a command on a pseudo-terminal (python3's <c>pty</c>) and types an answer the way a user does: only once the
/// program has asked (its prompt contains <c>passphrase</c>) and has turned the terminal's echo off, so the output
/// shows whether anything typed was echoed. The output is everything the terminal showed.
/// </summary>
internal static class TerminalSession
{
    private const string Helper = """
        import os, pty, select, sys, termios, time
        answer = sys.argv[1].encode() + b"\n"
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp(sys.argv[2], sys.argv[2:])
        out, sent, deadline = b"", False, time.time() + 120
        while time.time() < deadline:
            if not sent and b"passphrase" in out.lower() and not termios.tcgetattr(fd)[3] & termios.ECHO:
                os.write(fd, answer)
                sent = True
            r, _, _ = select.select([fd], [], [], 0.05)
            if not r:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            out += data
        sys.stdout.buffer.write(out)
        _, status = os.waitpid(pid, 0)
        sys.exit(os.waitstatus_to_exitcode(status))
        """;

    public static Task<ProcessRun.Result> RunAsync(string typed, IReadOnlyList<string> command, IDictionary<string, string?>? env = null, string? cwd = null) =>
        ProcessRun.RunAsync("python3", new[] { "-c", Helper, typed }.Concat(command), env, null, cwd, TimeSpan.FromMinutes(3));
}
