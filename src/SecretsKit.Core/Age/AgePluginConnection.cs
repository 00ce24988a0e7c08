using System.Diagnostics;
using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>
/// One run of <c>age-plugin-NAME --age-plugin=STATE_MACHINE</c> and the stanza framing of the age plugin protocol on
/// its stdin/stdout: <c>-&gt; command args…</c>, then the body in unpadded base64 wrapped at 64 columns and ended by a
/// shorter (possibly empty) line. The plugin's stderr is the user's.
/// </summary>
internal sealed class AgePluginConnection : IDisposable
{
    private const int Columns = 64;
    private readonly Process _process;
    private readonly string _name;

    private AgePluginConnection(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public static AgePluginConnection Start(string name, string stateMachine)
    {
        var psi = new ProcessStartInfo(AgePluginName.Binary(name))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        psi.ArgumentList.Add("--age-plugin=" + stateMachine);
        try
        {
            var process = Process.Start(psi) ?? throw new AgeException($"cannot start {AgePluginName.Binary(name)}");
            process.StandardInput.NewLine = "\n";
            return new AgePluginConnection(process, name);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new AgeException($"age plugin '{name}' not found: put {AgePluginName.Binary(name)} on PATH");
        }
    }

    /// <summary>Sends one stanza (<paramref name="body"/> may be empty).</summary>
    public void Send(string command, IEnumerable<string> args, ReadOnlySpan<byte> body)
    {
        var w = _process.StandardInput;
        var header = new StringBuilder("-> ").Append(command);
        foreach (var a in args) header.Append(' ').Append(a);
        try
        {
            w.WriteLine(header.ToString());
            var b64 = Convert.ToBase64String(body).TrimEnd('=');
            for (var i = 0; i + Columns <= b64.Length; i += Columns) w.WriteLine(b64.AsSpan(i, Columns));
            w.WriteLine(b64.AsSpan(b64.Length - b64.Length % Columns));
            w.Flush();
        }
        catch (IOException)
        {
            throw Died();
        }
    }

    public void Send(string command, params string[] args) => Send(command, args, []);

    /// <summary>Reads the plugin's next stanza; the plugin closing its output early is an error.</summary>
    public AgeStanza Receive()
    {
        var r = _process.StandardOutput;
        var header = r.ReadLine() ?? throw Died();
        if (!header.StartsWith("-> ", StringComparison.Ordinal)) throw new AgeException($"age plugin '{_name}' broke the protocol (no stanza header)");
        var fields = header[3..].Split(' ');
        var body = new StringBuilder();
        while (true)
        {
            var line = r.ReadLine() ?? throw Died();
            body.Append(line);
            if (line.Length < Columns) break;
        }
        var text = body.ToString();
        try
        {
            return new AgeStanza(fields[0], fields[1..], Convert.FromBase64String(text.PadRight((text.Length + 3) / 4 * 4, '=')));
        }
        catch (FormatException)
        {
            throw new AgeException($"age plugin '{_name}' broke the protocol (invalid base64 in '{fields[0]}')");
        }
    }

    private AgeException Died()
    {
        var code = _process.WaitForExit(5000) ? $" (exit code {_process.ExitCode})" : "";
        return new AgeException($"age plugin '{_name}' stopped before finishing{code}");
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
