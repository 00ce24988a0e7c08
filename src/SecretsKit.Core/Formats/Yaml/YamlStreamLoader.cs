using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Loads text into a YamlDotNet <see cref="YamlStream"/> within budgets, for YAML an attacker may have written (a
/// <c>.sops.yaml</c>, a kubeconfig, a state, a values or ref file, a rendered manifest or template). The budgets: nesting
/// depth (the representation model is built recursively, so depth is what would overflow the stack), nodes as written,
/// and nodes once every alias is expanded (an alias is a shared node in the model, but every consumer that walks,
/// converts or writes it pays the expanded size). Over a budget is a <see cref="YamlException"/> at the offending node.
/// On some malformed input YamlDotNet's scanner throws other exceptions than <see cref="YamlException"/>
/// (<c>"            : {\ne"</c> gives an <see cref="InvalidOperationException"/> from <c>ScanPlainScalar</c>); they are
/// reported as a <see cref="YamlException"/> after the last event read, so callers handle one exception type.
/// </summary>
public static class YamlStreamLoader
{
    /// <summary>Deepest nesting of mappings and sequences by default.</summary>
    public const int DefaultMaxDepth = 1_000;

    /// <summary>Nodes as written (scalars, mappings, sequences, aliases) by default.</summary>
    public const long DefaultMaxNodes = 1_000_000;

    /// <summary>Nodes once every alias is expanded, as a consumer walking the tree sees them, by default.</summary>
    public const long DefaultMaxExpandedNodes = 1_000_000;

    /// <summary>Loads <paramref name="text"/> within the given budgets (the defaults when not given).</summary>
    public static void Load(YamlStream stream, string text, int maxDepth = DefaultMaxDepth, long maxNodes = DefaultMaxNodes,
        long maxExpandedNodes = DefaultMaxExpandedNodes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Counting(new Parser(new StringReader(text)), maxDepth, maxNodes);
        try
        {
            stream.Load(parser);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new YamlException(parser.Last, parser.Last, "invalid YAML syntax after this point", e);
        }
        foreach (var document in stream.Documents) YamlExpandedSize.Check(document.RootNode, maxExpandedNodes);
    }

    /// <summary>What <paramref name="e"/> says without YamlDotNet's "(Line: …) - (Line: …): " prefix (a caller names the position itself).</summary>
    public static string Reason(YamlException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var reason = e.Message;
        var cut = reason.IndexOf("): ", StringComparison.Ordinal);
        return reason.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0 ? reason[(cut + 3)..] : reason;
    }

    /// <summary>The parser, counting depth and nodes as the model reads its events, and remembering the last position.</summary>
    private sealed class Counting(IParser inner, int maxDepth, long maxNodes) : IParser
    {
        private int _depth;
        private long _nodes;

        public Mark Last { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext()) return false;
            if (inner.Current is not { } current) return true;
            Last = current.End;
            switch (current)
            {
                case MappingStart or SequenceStart:
                    if (++_depth > maxDepth)
                    {
                        throw new YamlException(current.Start, current.End, $"the document nests deeper than {maxDepth.ToString("N0", CultureInfo.InvariantCulture)} levels");
                    }
                    Count(current);
                    break;
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
                case Scalar or AnchorAlias:
                    Count(current);
                    break;
            }
            return true;
        }

        private void Count(ParsingEvent current)
        {
            if (++_nodes > maxNodes)
            {
                throw new YamlException(current.Start, current.End, $"the document has more than {maxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes");
            }
        }
    }
}
