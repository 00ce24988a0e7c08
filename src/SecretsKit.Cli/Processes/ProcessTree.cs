using System.Globalization;

namespace SecretsKit.Cli.Processes;

/// <summary>The processes a process started, directly or not, read from Linux's <c>/proc/PID/stat</c> (none elsewhere).</summary>
internal static class ProcessTree
{
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        if (!Directory.Exists("/proc")) return [];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)) parents[pid] = ppid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
            {
                // the process ended while we looked
            }
        }
        var found = new List<int>();
        var pending = new Queue<int>([root]);
        while (pending.Count > 0)
        {
            var parent = pending.Dequeue();
            foreach (var (pid, ppid) in parents)
            {
                if (ppid != parent || pid == root || found.Contains(pid)) continue;
                found.Add(pid);
                pending.Enqueue(pid);
            }
        }
        return found;
    }
}
