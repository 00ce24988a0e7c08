using System.Globalization;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// The run's filtered chart copies (<see cref="ChartCopy"/>), one per distinct copy input (<see cref="RenderRequest.CopyKey"/>:
/// chart, route, templates kept and excluded, version overrides), written once into the private directory and read by
/// every render that needs it, side by side. A copy no render holds stays for reuse; past <see cref="MaxIdle"/> such
/// copies the least recently used is deleted, so a suite of many distinct version overrides holds a bounded disk.
/// </summary>
internal sealed class ChartCopies(string privateDirectory)
{
    private const int MaxIdle = 8;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _idle = new();
    private int _counter;

    /// <summary>Copies written so far (distinct copy inputs, counting one written again after it was evicted).</summary>
    public int Written => _counter;

    /// <summary>The copy for <paramref name="request"/>, written now if no render has it; dispose the lease when helm is done with it.</summary>
    public ChartCopyLease Acquire(RenderRequest request)
    {
        var key = request.CopyKey;
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                var work = Path.Combine(privateDirectory, "chart-" + (++_counter).ToString(CultureInfo.InvariantCulture));
                entry = new Entry(key, work, new Lazy<List<string>>(() => Write(request, work), LazyThreadSafetyMode.ExecutionAndPublication));
                _entries[key] = entry;
            }
            entry.Users++;
            if (entry.IdleNode is not null)
            {
                _idle.Remove(entry.IdleNode);
                entry.IdleNode = null;
            }
        }
        try
        {
            return new ChartCopyLease(Path.Combine(entry.Work, request.ChartName), entry.Kept.Value, entry.Work, () => Release(entry, evict: false));
        }
        catch
        {
            Release(entry, evict: true);
            throw;
        }
    }

    private static List<string> Write(RenderRequest request, string work)
    {
        try
        {
            return ChartCopy.Write(request.ChartDirectory, Path.Combine(work, request.ChartName), request.ChartName, request.Route, request);
        }
        catch
        {
            Delete(work);
            throw;
        }
    }

    private void Release(Entry entry, bool evict)
    {
        var removed = new List<Entry>();
        lock (_gate)
        {
            entry.Users--;
            if (entry.Users > 0) return;
            if (evict)
            {
                if (_entries.GetValueOrDefault(entry.Key) == entry) _entries.Remove(entry.Key);
                removed.Add(entry);
            }
            else entry.IdleNode = _idle.AddLast(entry);
            while (_idle.Count > MaxIdle)
            {
                var oldest = _idle.First!.Value;
                _idle.RemoveFirst();
                oldest.IdleNode = null;
                _entries.Remove(oldest.Key);
                removed.Add(oldest);
            }
        }
        foreach (var gone in removed) Delete(gone.Work);
    }

    private static void Delete(string work)
    {
        try
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the private directory is removed at the end of the run anyway
        }
    }

    private sealed class Entry(string key, string work, Lazy<List<string>> kept)
    {
        public string Key { get; } = key;

        public string Work { get; } = work;

        /// <summary>The templates the copy kept, computed (and the copy written) by the first render that needs it.</summary>
        public Lazy<List<string>> Kept { get; } = kept;

        public int Users { get; set; }

        public LinkedListNode<Entry>? IdleNode { get; set; }
    }
}
