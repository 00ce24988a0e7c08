using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SecretsKit.Cli.IO;

/// <summary>
/// A large regular file's bytes mapped read-only into memory instead of copied into a buffer: the pages are the file
/// system cache's own, so reading a manifest file of a few MB costs no fresh memory (a copy into a new array faulted in
/// one page at a time was most of a one-shot <c>validate</c>'s serial read). The memory is read through spans only.
/// Unmapped when disposed: whoever maps a file disposes it after the last read of anything parsed from it. Like any
/// reader of a mapping, a process whose file is truncated by someone else while it reads it is stopped by the system
/// (SIGBUS), as <c>grep</c> or <c>git</c> are; it fails rather than reads something else.
/// </summary>
internal sealed class MappedFile : MemoryManager<byte>
{
    /// <summary>Smaller files are read: a mapping's objects and system calls cost more than copying a few pages.</summary>
    public const long MinLength = 64 * 1024;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly nint _address;
    private readonly int _length;

    private MappedFile(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        (_file, _view, _length) = (file, view, length);
        _address = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)view.PointerOffset;
    }

    /// <summary>
    /// The file of <paramref name="stream"/> mapped at the length it has now, when it is a regular file of
    /// <see cref="MinLength"/> to <paramref name="maxLength"/> bytes that can be mapped; else null (read it instead).
    /// The stream can be closed afterwards.
    /// </summary>
    public static MappedFile? TryMap(FileStream stream, long maxLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) return null; // a pipe or FIFO named as a file (validate <(helm template …)): read it
        var length = stream.Length;
        if (length < MinLength || length > maxLength || length > int.MaxValue) return null;
        MemoryMappedFile? file = null;
        try
        {
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            var mapped = new MappedFile(file, view, (int)length);
            file = null;
            return mapped;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null; // a file system that cannot map (or a file that changed length): read it
        }
        finally
        {
            file?.Dispose();
        }
    }

    public override Span<byte> GetSpan() =>
        MemoryMarshal.CreateSpan(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), _address), _length);

    /// <summary>Not offered: the mapping is read through spans (<see cref="GetSpan"/>), never handed to native code.</summary>
    public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("a mapped input is read through spans only");

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _view.Dispose();
        _file.Dispose();
    }
}
