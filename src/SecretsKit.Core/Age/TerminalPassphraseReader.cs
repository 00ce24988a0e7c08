using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Age;

/// <summary>
/// Reads a passphrase from the controlling terminal (<c>/dev/tty</c>) with echo turned off through <c>stty</c>.
/// Without a terminal (CI, services) it fails with a message saying how to proceed.
/// </summary>
public sealed class TerminalPassphraseReader(IProcessRunner processes) : IPassphraseReader
{
    private const string Tty = "/dev/tty";

    public async Task<string> ReadPassphraseAsync(string prompt, CancellationToken cancellationToken = default)
    {
        FileStream tty;
        try
        {
            tty = new FileStream(Tty, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException
                                      or PlatformNotSupportedException)
        {
            throw new AgeException(
                "cannot read a passphrase: there is no terminal (/dev/tty); decrypt the identity file beforehand " +
                "(age -d) or provide an unencrypted key via SOPS_AGE_KEY_FILE / SOPS_AGE_KEY_CMD", inner: e);
        }
        await using (tty)
        {
            var promptBytes = Encoding.UTF8.GetBytes(prompt + " ");
            await tty.WriteAsync(promptBytes, cancellationToken);
            await tty.FlushAsync(cancellationToken);
            var echoOff = await processes.RunAsync(new ProcessSpec("stty", ["-F", Tty, "-echo"]), cancellationToken);
            try
            {
                var line = new List<byte>();
                var buffer = new byte[1];
                while (await tty.ReadAsync(buffer, cancellationToken) == 1 && buffer[0] != (byte)'\n')
                {
                    if (buffer[0] != (byte)'\r') line.Add(buffer[0]);
                }
                return Encoding.UTF8.GetString(line.ToArray());
            }
            finally
            {
                if (echoOff.ExitCode == 0)
                {
                    await processes.RunAsync(new ProcessSpec("stty", ["-F", Tty, "echo"]), CancellationToken.None);
                }
                await tty.WriteAsync("\n"u8.ToArray(), CancellationToken.None);
            }
        }
    }
}
