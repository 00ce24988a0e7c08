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
}
