using System.Diagnostics;

namespace SecretsKit.Core.Platform;

/// <summary>Runs real processes without a shell, capturing stdout as bytes.</summary>
public sealed class SystemProcessRunner : IProcessRunner
{
    public static SystemProcessRunner Instance { get; } = new();

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in spec.Arguments) psi.ArgumentList.Add(a);
        if (spec.WorkingDirectory is not null) psi.WorkingDirectory = spec.WorkingDirectory;
        if (spec.Environment is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in spec.Environment) psi.Environment[k] = v;
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ProcessResult(127, Array.Empty<byte>(), $"cannot run {spec.FileName}: {e.Message}");
        }

        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var lines = spec.OutputLine is { } onLine ? new OutputLines(onLine) : null;
        var outTask = CopyAsync(process.StandardOutput.BaseStream, stdout, lines, cancellationToken);
        var errTask = CopyAsync(process.StandardError.BaseStream, stderr, lines, cancellationToken);
        try
        {
            if (spec.StandardInput is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(spec.StandardInput, cancellationToken);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the child exited without reading its input; its exit code tells the story
        }

        try
        {
            await Task.WhenAll(outTask, errTask);
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        return new ProcessResult(process.ExitCode, stdout.ToArray(), System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }

    /// <summary>Copies a child's stream into <paramref name="into"/>, handing each complete line to <paramref name="lines"/> as it arrives.</summary>
    private static async Task CopyAsync(Stream from, MemoryStream into, OutputLines? lines, CancellationToken ct)
    {
        if (lines is null)
        {
            await from.CopyToAsync(into, ct);
            return;
        }
        var buffer = new byte[16 * 1024];
        var lineStart = 0L;
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            into.Write(buffer, 0, read);
            var bytes = into.GetBuffer();
            for (var i = into.Length - read; i < into.Length; i++)
            {
                if (bytes[i] != (byte)'\n') continue;
                lines.Emit(bytes, lineStart, i - lineStart);
                lineStart = i + 1;
            }
        }
        if (lineStart < into.Length) lines.Emit(into.GetBuffer(), lineStart, into.Length - lineStart);
    }

    /// <summary>Hands lines from both of a child's streams to one callback, one call at a time.</summary>
    private sealed class OutputLines(Action<string> onLine)
    {
        private readonly Lock _gate = new();

        public void Emit(byte[] bytes, long start, long length)
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes, (int)start, (int)length).TrimEnd('\r');
            lock (_gate) onLine(text);
        }
    }
}
