using System.Globalization;
using System.Runtime.InteropServices;

namespace SecretsKit.Cli.IO;

/// <summary>
/// Backs the memory a fresh process is about to allocate in with transparent huge pages, for a one-shot run that
/// allocates a few MB at once (<c>validate</c>). Each fresh 4 KiB page of the GC's heap costs a page fault when first
/// written (~1.6 µs each on the measured VM; a 2 MiB page costs ~0.34 µs per 4 KiB of it), and a Gateway API
/// validation takes ~900 of them, a quarter of its CPU past the start (bench/README.md, 2026-11-28 14:10). The GC
/// commits its heap 64 KiB at a time, so no 2 MiB range of it is ever writable at once and huge pages never apply on
/// their own: this makes the 2 MiB-aligned range around the allocation pointer and the next one writable, asks for huge
/// pages there and collapses the first into one (its few written pages copied by the kernel). Memory the GC commits
/// later is then already writable and zero, as the GC expects of fresh memory.
/// <para>Linux only; only in a process that has not collected yet (its allocations are still where the probe finds
/// them); only inside the GC's own reservation (the run of anonymous mappings of <c>GCRegionRange</c> bytes or more in
/// <c>/proc/self/maps</c> around the probe), never in memory of anything else; every step best-effort: a kernel
/// without huge pages or <c>MADV_COLLAPSE</c> (before 6.1) refuses it and the run goes on as before.</para>
/// </summary>
internal static class HeapHugePages
{
    /// <summary>A huge page on x86-64 and arm64 (4 KiB base pages).</summary>
    internal const long HugePage = 2 * 1024 * 1024;

    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MadvDoDump = 17;
    private const int MadvHugePage = 14;
    private const int MadvCollapse = 25;

    /// <summary>What <see cref="Back"/> did.</summary>
    internal enum Outcome
    {
        NotLinux,
        AfterCollection,
        NotInReservation,
        /// <summary>The kernel refused the protection or the advice (no huge pages here): nothing changed that matters.</summary>
        Refused,
        /// <summary>Huge pages asked for on both; the first not collapsed (a kernel before 6.1, or no free huge page).</summary>
        Hinted,
        /// <summary>Huge pages asked for on both, and the first is one now.</summary>
        Collapsed,
    }

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static extern int Protect(nint address, nuint length, int protection);

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static extern int Advise(nint address, nuint length, int advice);

    /// <summary>Backs the next allocations of this fresh process with huge pages where it may (see the type).</summary>
    public static Outcome Back()
    {
        if (!OperatingSystem.IsLinux()) return Outcome.NotLinux;
        if (GC.CollectionCount(0) > 0) return Outcome.AfterCollection;
        var reservation = GC.GetConfigurationVariables().TryGetValue("GCRegionRange", out var range) ? Bytes(range) : 0;
        string maps;
        try
        {
            maps = File.ReadAllText("/proc/self/maps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Outcome.NotInReservation;
        }
        return BackAt(maps, AllocationAddress(), reservation);
    }

    /// <summary>Backs the two huge pages from the one holding <paramref name="at"/> if <see cref="Plan"/> finds them in a
    /// reservation of <paramref name="reservation"/> bytes or more among <paramref name="maps"/>.</summary>
    internal static Outcome BackAt(string maps, long at, long reservation)
    {
        if (Plan(maps, at, reservation) is not { } start) return Outcome.NotInReservation;
        var length = (nuint)(2 * HugePage);
        if (Protect((nint)start, length, ProtReadWrite) != 0) return Outcome.Refused;
        // the GC marks the memory it commits for core dumps: the same flag on the whole range keeps it one mapping
        if (Advise((nint)start, length, MadvDoDump) != 0 || Advise((nint)start, length, MadvHugePage) != 0) return Outcome.Refused;
        // the first page's written part is copied into one huge page; the second becomes one when first written
        return Advise((nint)start, (nuint)HugePage, MadvCollapse) == 0 ? Outcome.Collapsed : Outcome.Hinted;
    }

    /// <summary>
    /// The start of the two huge pages to back, the first holding <paramref name="at"/>: null unless both lie inside one
    /// run of adjacent anonymous private mappings (no file, no name), each unreadable or read-write and none executable,
    /// that is at least <paramref name="reservation"/> bytes long (the GC reserves its whole range at start; nothing
    /// else in the process maps that much) and holds <paramref name="at"/>.
    /// </summary>
    internal static long? Plan(string maps, long at, long reservation)
    {
        if (reservation <= 0 || at <= 0) return null;
        var start = at & ~(HugePage - 1);
        var end = start + 2 * HugePage;
        long runStart = -1, runEnd = -1;
        var fits = true; // every mapping of the run that overlaps [start, end) may be made read-write
        bool Holds() => runStart >= 0 && runStart <= start && end <= runEnd;
        foreach (var line in maps.AsSpan().EnumerateLines())
        {
            if (Mapping(line) is not (var low, var high, var anonymous, var plain)) continue;
            if (!anonymous || low != runEnd)
            {
                if (Holds()) break; // the run holding the range has ended
                (runStart, runEnd, fits) = (-1, -1, true);
                if (!anonymous) continue;
                runStart = low;
            }
            runEnd = high;
            if (low < end && high > start) fits &= plain;
        }
        return Holds() && runEnd - runStart >= reservation && fits ? start : null;
    }

    /// <summary>One line of <c>/proc/self/maps</c>: its range, whether it maps no file and has no name, and whether it is
    /// private and either unreadable (reserved) or read-write without execute.</summary>
    private static (long Low, long High, bool Anonymous, bool Plain)? Mapping(ReadOnlySpan<char> line)
    {
        Span<Range> fields = stackalloc Range[7];
        var count = line.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count < 5) return null;
        var addresses = line[fields[0]];
        var dash = addresses.IndexOf('-');
        if (dash <= 0
            || !long.TryParse(addresses[..dash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low)
            || !long.TryParse(addresses[(dash + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high))
        {
            return null;
        }
        var perms = line[fields[1]];
        return (low, high, count == 5 && line[fields[4]] is "0", perms is "---p" or "rw-p");
    }

    /// <summary>Where this thread's next small objects go: a new one's address, read through a pin released at once.</summary>
    private static long AllocationAddress()
    {
        var handle = GCHandle.Alloc(new byte[1], GCHandleType.Pinned);
        try
        {
            return handle.AddrOfPinnedObject();
        }
        finally
        {
            handle.Free();
        }
    }

    private static long Bytes(object value) => value switch
    {
        long l => l,
        ulong u => u > long.MaxValue ? long.MaxValue : (long)u,
        int i => i,
        uint u => u,
        _ => 0,
    };
}
