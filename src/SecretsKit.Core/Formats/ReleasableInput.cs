namespace SecretsKit.Core.Formats;

/// <summary>
/// An input's bytes handed to a format by a caller that has no use for them once parsed: the format may let go of them
/// part way through (<see cref="IFormat.ParseEncrypted(ReleasableInput)"/>; the YAML reader does once every encrypted
/// value is read, before YamlDotNet parses the rest), so a large input is not kept alive by the callers' frames while
/// the tree is built. Read <see cref="Bytes"/> in a method of its own: unoptimised code keeps a local holding the array
/// alive until its method returns.
/// </summary>
public sealed class ReleasableInput
{
    private byte[]? _bytes;
    private Action? _released;

    /// <param name="bytes">The input.</param>
    /// <param name="released">Called once when a format lets go of the bytes, from a frame that no longer holds them (the
    /// CLI collects there: the freed array is otherwise given back only at a later full collection).</param>
    public ReleasableInput(byte[] bytes, Action? released = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _bytes = bytes;
        _released = released;
        Length = bytes.LongLength;
    }

    /// <summary>The number of bytes, also after they were let go.</summary>
    public long Length { get; }

    /// <summary>The bytes; throws once a format let go of them.</summary>
    public byte[] Bytes => _bytes ?? throw new InvalidOperationException("the input's bytes were already let go by the format reading them");

    /// <summary>True once a format let go of the bytes.</summary>
    public bool IsReleased => _bytes is null;

    /// <summary>
    /// Drops this object's reference to the bytes and calls the <c>released</c> callback (by a format that no longer
    /// needs them, from a frame that holds no reference to them).
    /// </summary>
    public void Release()
    {
        _bytes = null;
        var released = _released;
        _released = null;
        released?.Invoke();
    }
}
