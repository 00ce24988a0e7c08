using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// Runs a command on a pseudo-terminal (python3's <c>pty</c>) and types an answer the way a user does: only once the
/// program has asked (a passphrase: its prompt contains <c>passphrase</c> and it has turned the terminal's echo off, so
/// the output shows whether anything typed was echoed; or a question: its output shows the given prompt). The output is
/// everything the terminal showed.
/// </summary>
internal static class TerminalSession
{
    private const string Helper = """
        import os, pty, select, sys, termios, time
        answer, prompt, secret = sys.argv[1].encode() + b"\n", sys.argv[2].encode(), sys.argv[3] == "secret"
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp(sys.argv[4], sys.argv[4:])
        out, sent, deadline = b"", False, time.time() + 300
        while time.time() < deadline:
            asked = prompt in out.lower() if secret else prompt in out
            if not sent and asked and (not secret or not termios.tcgetattr(fd)[3] & termios.ECHO):
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

    /// <summary>Types <paramref name="typed"/> as a passphrase, once asked for one with the echo off.</summary>
    public static Task<ProcessRun.Result> RunAsync(string typed, IReadOnlyList<string> command, IDictionary<string, string?>? env = null, string? cwd = null) =>
        ProcessRun.RunAsync("python3", new[] { "-c", Helper, typed, "passphrase", "secret" }.Concat(command), env, null, cwd, TimeSpan.FromMinutes(6));

    /// <summary>Types <paramref name="typed"/> once the output shows <paramref name="prompt"/> (a question such as <c>[y/n]: </c>).</summary>
    public static Task<ProcessRun.Result> AnswerAsync(string prompt, string typed, IReadOnlyList<string> command, IDictionary<string, string?>? env = null, string? cwd = null) =>
        ProcessRun.RunAsync("python3", new[] { "-c", Helper, typed, prompt, "question" }.Concat(command), env, null, cwd, TimeSpan.FromMinutes(6));
}
