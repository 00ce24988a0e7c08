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
        var outTask = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var errTask = process.StandardError.ReadToEndAsync(cancellationToken);
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
        return new ProcessResult(process.ExitCode, stdout.ToArray(), await errTask);
    }
}
