using System.Text;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats;

/// <summary>
/// A document holding one value of several megabytes, in every format: it reads and writes back exactly, and reading it
/// allocates the decoded text and the value's string, not a copy per parsing step.
/// </summary>
public sealed class LargeValueFormatTests
{
    private const int Size = 4 * 1024 * 1024;

    public static TheoryData<string, string> Documents() => new()
    {
        { "yaml", "big: {0}\n" },
        { "json", "{{\n\t\"big\": \"{0}\"\n}}\n" },
        { "dotenv", "big={0}\n" },
        { "ini", "[section]\nbig = {0}\n" },
    };

    private static (byte[] Bytes, string Value) Document(string template)
    {
        var value = new string('v', Size - 1) + "é";
        return (Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value)), value);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void A_4_MB_value_reads_and_writes_back_byte_for_byte(string format, string template)
    {
        var (bytes, value) = Document(template);
        var f = FormatRegistry.Create(format);
        var tree = f.ParsePlain(bytes);
        var leaf = format == "ini" ? ((TreeBranch)tree.Branches[0].Get("section")!).Get("big") : tree.Branches[0].Get("big");
        Assert.Equal(new StringValue(value), leaf);
        using var output = new MemoryStream();
        f.EmitPlain(tree, output);
        Assert.Equal(bytes, output.ToArray());
        Assert.Equal(bytes, f.EmitPlain(tree));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Reading_a_4_MB_value_allocates_at_most_the_text_and_the_value(string format, string template)
    {
        var (bytes, _) = Document(template);
        var f = FormatRegistry.Create(format);
        f.ParsePlain(Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "warm")));
        var before = GC.GetAllocatedBytesForCurrentThread();
        f.ParsePlain(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The decoded text (2 bytes a character) and the value's string: 4 · Size; YAML's scanner also builds the scalar
        // in a builder (2 · Size more). The INI reader used to copy each line several times (10 · Size and more).
        Assert.InRange(allocated, 2L * Size, (format == "yaml" ? 6L : 4L) * Size + 1024 * 1024);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Writing_a_4_MB_value_to_a_stream_allocates_no_copy_of_it(string format, string template)
    {
        var (bytes, _) = Document(template);
        var f = FormatRegistry.Create(format);
        var tree = f.ParsePlain(bytes);
        f.EmitPlain(f.ParsePlain(Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "warm"))), Stream.Null);
        var before = GC.GetAllocatedBytesForCurrentThread();
        f.EmitPlain(tree, Stream.Null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, 1024 * 1024);
    }
}
