using SecretsKit.Go.Text;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Tests;

/// <summary>Go strings hold bytes: any byte sequence survives the value model, and lengths and indexes count bytes.</summary>
public sealed class GoStringTests
{
    [Fact]
    public void A_java_keystore_header_and_every_byte_value_round_trip()
    {
        byte[] keystore = [0xFE, 0xED, 0xFE, 0xED, 0x00, 0x00, 0x00, 0x02];
        Assert.Equal(keystore, GoString.ToBytes(GoString.FromBytes(keystore)));
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.Equal(all, GoString.ToBytes(GoString.FromBytes(all)));
        byte[] cut = [0xE2, 0x98, 0x41, 0xF0, 0x9F, 0x98, 0x80];
        Assert.Equal(cut, GoString.ToBytes(GoString.FromBytes(cut)));
    }

    [Fact]
    public void Length_index_and_slice_count_bytes()
    {
        var s = GoString.FromBytes([0xFE, (byte)'a', 0xC3, 0xA9]);
        Assert.Equal(4, GoString.ByteLength(s));
        Assert.Equal(0xFE, GoString.ByteAt(s, 0));
        Assert.Equal("é", GoString.Slice(s, 2, 4));
        Assert.Equal([0xC3], GoString.ToBytes(GoString.Slice(s, 2, 3)));
        Assert.Equal("\"\\xfea\\xc3\"", GoValues.Quote(GoString.Slice(s, 0, 3)));
    }

    [Fact]
    public void A_template_string_literal_with_byte_escapes_renders_those_bytes()
    {
        var output = Template.Render("t", "{{ \"\\xfe\\xed\\376\\355\" }}", null, TemplateFunctions.Sprig);
        Assert.Equal(new byte[] { 0xFE, 0xED, 0xFE, 0xED }, GoString.ToBytes(output));
    }
}
