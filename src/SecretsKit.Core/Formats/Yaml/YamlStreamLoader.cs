using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Loads text into a YamlDotNet <see cref="YamlStream"/>. On some malformed input YamlDotNet's scanner throws other
/// exceptions than <see cref="YamlException"/> (<c>"            : {\ne"</c> gives an <see cref="InvalidOperationException"/>
/// from <c>ScanPlainScalar</c>; the values-file reader met the same kinds in its fuzz campaign). Every load of text
/// from a file goes through here, so callers handle one exception type, positioned after the last event read, and a
/// malformed file is reported as such, never as an unexpected crash.
/// </summary>
public static class YamlStreamLoader
{
    /// <summary>
    /// Loads <paramref name="text"/>; with <paramref name="maxDepth"/>, a document nested deeper is a <see cref="YamlException"/>
    /// raised from the event stream, before the representation model (which recurses once per level) can overflow the stack.
    /// </summary>
    public static void Load(YamlStream stream, string text, int maxDepth = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var parser = new Tracking(new Parser(new StringReader(text)), maxDepth);
        try
        {
            stream.Load(parser);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new YamlException(parser.Last, parser.Last, "invalid YAML syntax after this point", e);
        }
    }

    /// <summary>The parser, remembering where the last event it gave ended.</summary>
    private sealed class Tracking(IParser inner, int maxDepth) : IParser
    {
        private int _depth;

        public Mark Last { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (!moved || inner.Current is not { } current) return moved;
            Last = current.End;
            if (current is MappingStart or SequenceStart && ++_depth > maxDepth)
            {
                throw new YamlException(current.Start, current.End,
                    $"the document nests deeper than {maxDepth.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} levels");
            }
            if (current is MappingEnd or SequenceEnd) _depth--;
            return moved;
        }
    }
}
