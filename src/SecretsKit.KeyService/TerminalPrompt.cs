using System.Text;

namespace SecretsKit.KeyService;

/// <summary>
/// <c>--prompt</c>: sops's question on the terminal (<c>Received decrypt request using age key age1…. Respond to request?
/// (y/n): </c>), one request at a time; <c>y</c> answers it, <c>n</c> or the end of input refuses it.
/// </summary>
internal static class TerminalPrompt
{
    public static Func<string, string, CancellationToken, Task<bool>> Create()
    {
#pragma warning disable CA2000 // the gate and the standard streams live as long as the process
        var gate = new SemaphoreSlim(1, 1);
        var stdin = Console.OpenStandardInput();
        var stdout = Console.OpenStandardOutput();
#pragma warning restore CA2000
        return async (operation, key, cancellationToken) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await Task.Run(() =>
                {
                    while (true)
                    {
                        stdout.Write(Encoding.UTF8.GetBytes($"\nReceived {operation} request using {KeyServiceLog.Escape(key)}. Respond to request? (y/n): "));
                        stdout.Flush();
                        var answer = ReadLine(stdin);
                        if (answer is null) return false;
                        if (answer.Trim() is "y" or "n") return answer.Trim() == "y";
                    }
                }, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        };
    }

    /// <summary>One line (without its line end), or null at the end of input; a line longer than 1 KiB is cut there.</summary>
    private static string? ReadLine(Stream stdin)
    {
        var line = new List<byte>();
        int b;
        while ((b = stdin.ReadByte()) >= 0 && b != '\n')
        {
            if (line.Count < 1024) line.Add((byte)b);
        }
        if (b < 0 && line.Count == 0) return null;
        return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
    }
}
