using System.Text;
using SecretsKit.Core.Formats.Text;

namespace SecretsKit.Core.Tests.Formats.Text;

/// <summary>The emitters' streaming UTF-8 writer gives the bytes of encoding the whole text at once.</summary>
public sealed class Utf8TextOutputTests
{
    [Fact]
    public void Output_equals_encoding_the_whole_text_when_buffers_split_surrogate_pairs()
    {
        // Pairs, lone high and low surrogates, and 1-, 2- and 3-byte characters, written in pieces of random sizes and
        // kinds past several 16 K buffers, so buffer boundaries fall between the halves of many pairs.
        char[] alphabet = ['a', 'é', '€', '\uD83D', '\uDD10', '\uD83D', '\uDD10'];
        var random = new Random(6);
        for (var round = 0; round < 20; round++)
        {
            var text = new StringBuilder();
            using var stream = new MemoryStream();
            var output = new Utf8TextOutput(stream);
            while (text.Length < 40_000)
            {
                var piece = new string(Enumerable.Range(0, random.Next(1, 3000)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                switch (random.Next(4))
                {
                    case 0: output.Append(piece); break;
                    case 1: output.Append(piece.AsSpan()); break;
                    case 2: foreach (var c in piece) output.Append(c); break;
                    default: output.Append(piece[0], piece.Length); piece = new string(piece[0], piece.Length); break;
                }
                text.Append(piece);
            }
            output.Finish();
            Assert.Equal(Encoding.UTF8.GetBytes(text.ToString()), stream.ToArray());
        }
    }

    [Fact]
    public void The_buffer_starts_small_grows_four_fold_and_stops_at_16_K()
    {
        using var stream = new MemoryStream();
        var output = new Utf8TextOutput(stream);
        var text = new StringBuilder();
        var seen = new List<int> { output.Capacity };
        for (var i = 0; i < 100_000; i++)
        {
            var c = (char)('a' + (i % 26));
            output.Append(c);
            text.Append(c);
            if (output.Capacity != seen[^1]) seen.Add(output.Capacity);
        }
        output.Finish();

        Assert.Equal([Utf8TextOutput.InitialCapacity, 4096, Utf8TextOutput.MaxCapacity], seen);
        Assert.Equal(1024, Utf8TextOutput.InitialCapacity);
        Assert.Equal(16 * 1024, Utf8TextOutput.MaxCapacity);
        Assert.Equal(Encoding.UTF8.GetBytes(text.ToString()), stream.ToArray());
    }

    [Theory]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(4095)]
    [InlineData(16383)]
    [InlineData(16384)]
    public void A_surrogate_pair_on_a_growth_or_drain_boundary_is_kept_whole(int before)
    {
        var text = new string('x', before) + "\uD83D\uDD10" + "é" + new string('y', 40_000);
        foreach (var piecewise in new[] { false, true })
        {
            using var stream = new MemoryStream();
            var output = new Utf8TextOutput(stream);
            if (piecewise)
            {
                foreach (var c in text) output.Append(c);
            }
            else
            {
                output.Append(text.AsSpan(0, before + 1)).Append(text.AsSpan(before + 1));
            }
            output.Finish();

            Assert.Equal(Encoding.UTF8.GetBytes(text), stream.ToArray());
        }
    }

    [Fact]
    public void A_small_document_never_grows_the_buffer()
    {
        using var stream = new MemoryStream();
        var output = new Utf8TextOutput(stream).Append(new string('s', 1000));
        output.Finish();

        Assert.Equal(Utf8TextOutput.InitialCapacity, output.Capacity);
        Assert.Equal(1000, stream.Length);
    }
}
