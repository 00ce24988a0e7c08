using System.Globalization;
using System.Runtime.InteropServices;
using SecretsKit.Cli.IO;

namespace SecretsKit.Cli.Tests.IO;

/// <summary>
/// <see cref="HeapHugePages"/> touches only a reservation as large as the GC's, of anonymous private memory that is
/// reserved or read-write; and on this kernel it turns such a reservation's first two huge pages into huge pages with
/// what was written there kept.
/// </summary>
public sealed class HeapHugePagesTests
{
    private const long Huge = HeapHugePages.HugePage;
    private const long Reservation = 1L << 30;
    private const long Base = 0x7f0006e00000; // 2 MiB-aligned

    /// <summary>A GC-like reservation of <see cref="Reservation"/> bytes from <see cref="Base"/>: reserved, its first
    /// 260 KiB committed, with a library before and after it.</summary>
    private static string Maps(string committed = "rw-p", string? between = null) => string.Join('\n',
        Line(Base - 0x200000, Base, "r-xp 00000000 fd:01 4242", "/usr/lib/x86_64-linux-gnu/libc.so.6"),
        Line(Base, Base + 0x41000, committed + " 00000000 00:00 0", ""),
        between ?? "",
        Line(Base + 0x41000, Base + Reservation, "---p 00000000 00:00 0", ""),
        Line(Base + Reservation, Base + Reservation + 0x1000, "r--p 00001000 fd:01 4243", "/usr/lib/libm.so.6"),
        "");

    private static string Line(long low, long high, string rest, string path) =>
        string.Create(CultureInfo.InvariantCulture, $"{low:x}-{high:x} {rest}                          {path}").TrimEnd();

    [Fact]
    public void The_two_huge_pages_from_the_allocation_pointer_inside_the_reservation_are_chosen()
    {
        Assert.Equal(Base, HeapHugePages.Plan(Maps(), Base + 0x20ae0, Reservation));
        Assert.Equal(Base + Huge, HeapHugePages.Plan(Maps(), Base + Huge + 5, Reservation));
    }

    [Fact]
    public void Nothing_is_chosen_outside_a_reservation_as_large_as_the_GCs()
    {
        Assert.Null(HeapHugePages.Plan(Maps(), Base + 0x20ae0, Reservation + 1)); // smaller than the GC says it reserved
        Assert.Null(HeapHugePages.Plan(Maps(), Base + Reservation - Huge + 16, Reservation)); // the second page past its end
        Assert.Null(HeapHugePages.Plan(Maps(), Base - 0x1000, Reservation)); // in the library before it
        Assert.Null(HeapHugePages.Plan(Maps(), Base + Reservation + 0x10, Reservation)); // after it
        Assert.Null(HeapHugePages.Plan(Maps(), 0, Reservation));
        Assert.Null(HeapHugePages.Plan(Maps(), Base + 0x20ae0, 0)); // the GC did not say
        Assert.Null(HeapHugePages.Plan("", Base + 0x20ae0, Reservation));
    }

    [Theory]
    [InlineData("r-xp")] // executable
    [InlineData("r--p")] // read-only
    [InlineData("rw-s")] // shared
    public void A_mapping_that_is_not_reserved_or_private_read_write_memory_is_never_made_writable(string perms) =>
        Assert.Null(HeapHugePages.Plan(Maps(committed: perms), Base + 0x20ae0, Reservation));

    [Fact]
    public void A_named_or_file_mapping_inside_splits_the_run()
    {
        // a thread's stack or a file in the middle: neither side is as large as the GC's reservation any more
        var stack = Line(Base + 0x41000, Base + 0x42000, "rw-p 00000000 00:00 0", "[stack:77]");
        var file = Line(Base + 0x41000, Base + 0x42000, "r--p 00000000 fd:01 99", "/tmp/x");
        foreach (var between in new[] { stack, file })
        {
            var maps = Maps(between: between).Replace(Line(Base + 0x41000, Base + Reservation, "---p 00000000 00:00 0", ""),
                Line(Base + 0x42000, Base + Reservation, "---p 00000000 00:00 0", ""), StringComparison.Ordinal);
            Assert.Null(HeapHugePages.Plan(maps, Base + 0x20ae0, Reservation));
        }
    }

    [Fact]
    public void A_process_that_has_collected_is_left_alone()
    {
        GC.Collect();
        Assert.Equal(HeapHugePages.Outcome.AfterCollection, HeapHugePages.Back());
    }

    [Fact]
    public void A_reservation_like_the_GCs_gets_huge_pages_and_keeps_what_was_written()
    {
        if (!OperatingSystem.IsLinux()) return;
        const long size = 64L << 20;
        var reserved = Map(0, (nuint)size, 0, MapPrivate | MapAnonymous | MapNoReserve);
        Assert.NotEqual(-1, reserved);
        try
        {
            // committed as the GC commits: the first 64 KiB of a 2 MiB-aligned page, written
            var start = (nint)((reserved + Huge - 1) & ~(Huge - 1));
            Assert.Equal(0, Protect(start, 64 * 1024, 3));
            for (var i = 0; i < 64 * 1024; i += 4096) Marshal.WriteByte(start, i + 7, (byte)(i / 4096 + 1));
            var outcome = HeapHugePages.BackAt(File.ReadAllText("/proc/self/maps"), start + 0x2000, size);
            Assert.Contains(outcome, new[] { HeapHugePages.Outcome.Collapsed, HeapHugePages.Outcome.Hinted, HeapHugePages.Outcome.Refused });
            if (ThpAvailable()) Assert.NotEqual(HeapHugePages.Outcome.Refused, outcome);
            for (var i = 0; i < 64 * 1024; i += 4096) Assert.Equal((byte)(i / 4096 + 1), Marshal.ReadByte(start, i + 7));
            if (outcome == HeapHugePages.Outcome.Refused) return;
            // the rest of both pages is writable now, and zero as the GC expects fresh memory to be
            Assert.Equal(0, Marshal.ReadByte(start, (int)Huge - 1));
            Marshal.WriteByte(start, (int)(2 * Huge) - 1, 1);
            if (outcome == HeapHugePages.Outcome.Collapsed) Assert.True(HugeKiB(start) >= Huge / 1024, $"AnonHugePages {HugeKiB(start)} kB");
        }
        finally
        {
            Assert.Equal(0, Unmap(reserved, (nuint)size));
        }
    }

    private static bool ThpAvailable() =>
        File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
        && !File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[never]", StringComparison.Ordinal);

    /// <summary>The AnonHugePages of the mapping holding <paramref name="address"/> (<c>/proc/self/smaps</c>).</summary>
    private static long HugeKiB(long address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high))
            {
                inside = low <= address && address < high;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                return long.Parse(line["AnonHugePages:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MapNoReserve = 0x4000;

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern nint Map(nint address, nuint length, int protection, int flags, int fd = -1, nint offset = 0);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Unmap(nint address, nuint length);

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static extern int Protect(nint address, nuint length, int protection);
}
