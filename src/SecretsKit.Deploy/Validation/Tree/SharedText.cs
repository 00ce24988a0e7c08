using System.Buffers.Binary;
using System.Text;

namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// Short texts a rendering repeats thousands of times (a CRD schema's keys: <c>type</c>, <c>description</c>,
/// <c>properties</c>; its type names), made once per thread and shared instead of one string per occurrence. A lossy
/// table of a fixed size: a text whose slot holds another is made anew and takes the slot.
/// </summary>
internal static class SharedText
{
    private const int Slots = 2048;
    private const int MaxLength = 32;

    [ThreadStatic]
    private static string?[]? _slots;

    /// <summary>The text of the <paramref name="length"/> UTF-8 bytes at <paramref name="start"/>, shared when it is short.</summary>
    public static string Of(ReadOnlySpan<byte> utf8, int start, int length)
    {
        var span = utf8.Slice(start, length);
        if (length > MaxLength) return Encoding.UTF8.GetString(span);
        var slots = _slots ??= new string?[Slots];
        var slot = Slot(span);
        // a text with bytes outside ASCII is never found equal here: it is made anew, as a long one is
        if (slots[slot] is { } cached && Ascii.Equals(span, cached)) return cached;
        return slots[slot] = Encoding.UTF8.GetString(span);
    }

    /// <summary>A slot for a short text: its length and its first and last eight bytes, mixed (a lossy table needs no
    /// better; a run of keys differing only inside the middle of long keys shares a slot and is made anew).</summary>
    private static int Slot(ReadOnlySpan<byte> text)
    {
        ulong head, tail;
        if (text.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(text);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(text[^8..]);
        }
        else
        {
            (head, tail) = (0, 0);
            foreach (var b in text) head = (head << 8) | b;
        }
        var mixed = ((head * 0x9E3779B97F4A7C15) ^ (tail * 0xC2B2AE3D27D4EB4F) ^ (ulong)text.Length) * 0x165667B19E3779F9;
        return (int)(mixed >> 53) & (Slots - 1);
    }
}
