using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Operations;

/// <summary>
/// The files staged in the git index below a directory, with their staged content (what the next commit will hold):
/// <c>git ls-files -s</c> for names and blob ids, one <c>git cat-file --batch</c> for the contents. A path with an
/// unresolved merge conflict has no staged content yet (the index holds the base, ours and theirs as stages 1 to 3, and
/// git commits none of them): it is listed in <see cref="StagedFiles.Unmerged"/> once, with no file.
/// </summary>
internal sealed class GitIndex(IProcessRunner processes)
{
    /// <summary>The regular files staged for the next commit, and the paths still in conflict (each once, in index order).</summary>
    public sealed record StagedFiles(IReadOnlyList<ScannedFile> Files, IReadOnlyList<string> Unmerged);

    public async Task<StagedFiles> ReadAsync(string root, CancellationToken ct)
    {
        var listing = await GitAsync(root, ["ls-files", "-s", "-z"], null, ct);
        var entries = new List<(string Path, string Oid)>();
        var unmerged = new List<string>();
        foreach (var record in Encoding.UTF8.GetString(listing).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <oid> <stage>\t<path>"; only regular files (mode 100644/100755), not links or submodules; stage 0 is
            // the merged entry, 1 to 3 the sides of a conflict, which come one after another for a path
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var fields = record[..tab].Split(' ');
            var path = record[(tab + 1)..];
            if (fields[2] != "0")
            {
                if (unmerged.Count == 0 || unmerged[^1] != path) unmerged.Add(path);
            }
            else if (fields[0].StartsWith("100", StringComparison.Ordinal)) entries.Add((path, fields[1]));
        }
        if (entries.Count == 0) return new StagedFiles([], unmerged);
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
        return new StagedFiles(files, unmerged);
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
