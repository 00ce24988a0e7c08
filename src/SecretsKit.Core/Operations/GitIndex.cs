using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Operations;

/// <summary>
/// The files staged in the git index below a directory, with their staged content (what the next commit will hold):
/// <c>git ls-files -s</c> for names and blob ids, one <c>git cat-file --batch</c> for the contents.
/// </summary>
internal sealed class GitIndex(IProcessRunner processes)
{
    public async Task<IReadOnlyList<ScannedFile>> ReadAsync(string root, CancellationToken ct)
    {
        var listing = await GitAsync(root, ["ls-files", "-s", "-z"], null, ct);
        var entries = new List<(string Path, string Oid)>();
        foreach (var record in Encoding.UTF8.GetString(listing).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <oid> <stage>\t<path>"; only regular files (mode 100644/100755), not links or submodules
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var fields = record[..tab].Split(' ');
            if (fields[0].StartsWith("100", StringComparison.Ordinal)) entries.Add((record[(tab + 1)..], fields[1]));
        }
        if (entries.Count == 0) return [];
        var batch = await GitAsync(root, ["cat-file", "--batch"], Encoding.ASCII.GetBytes(string.Join('\n', entries.Select(e => e.Oid)) + "\n"), ct);
        var files = new List<ScannedFile>(entries.Count);
        var at = 0;
        foreach (var (path, _) in entries)
        {
            // "<oid> blob <size>\n<content>\n"
            var eol = Array.IndexOf(batch, (byte)'\n', at);
            var header = Encoding.ASCII.GetString(batch, at, eol - at).Split(' ');
            var size = int.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture);
            var content = batch.AsSpan(eol + 1, size).ToArray();
            at = eol + 1 + size + 1;
            files.Add(new ScannedFile(path, Path.Combine(root, path), () => content));
        }
        return files;
    }

    private async Task<byte[]> GitAsync(string root, IReadOnlyList<string> args, byte[]? stdin, CancellationToken ct)
    {
        ProcessResult result;
        try
        {
            result = await processes.RunAsync(new ProcessSpec("git", ["-C", root, .. args], stdin), ct);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            throw new SecretsKitException(ExitCodes.Generic, "scan --staged needs git on PATH");
        }
        if (result.ExitCode != 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"scan --staged: git {args[0]} failed: {result.StandardError.Trim()}",
                "run it inside a git work tree");
        }
        return result.StandardOutput;
    }
}
