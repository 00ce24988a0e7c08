using System.Globalization;
using System.Runtime.CompilerServices;
using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Formats;

/// <summary>
/// The one budget every reader applies to an untrusted document, before anything is decrypted or any key service is
/// called: its size, its nesting depth (sops' 10,000 for YAML and JSON), its node count, and alias expansion as
/// yaml.v3 limits it (the share of nodes made by aliases may be 99 % of a small document, falling to 10 % of a large
/// one), plus an absolute cap on alias-made nodes. One instance per read: it counts as the reader goes.
/// </summary>
internal sealed class DocumentBudget(string format)
{
    /// <summary>Largest document read (1 GiB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>sops' nesting limit for YAML (yaml.v3) and JSON (encoding/json).</summary>
    public const int MaxDepth = 10_000;

    /// <summary>Keys, values and collections, counting every node an alias expands to (1M keys are about 2M nodes).</summary>
    public const long MaxNodes = 16_000_000;

    /// <summary>Nodes made by aliases, whatever the ratio allows.</summary>
    public const long MaxAliasNodes = 1_000_000;

    // yaml.v3 decode.go: allowedAliasRatio scales from 0.99 at 400,000 nodes down to 0.10 at 4,000,000.
    private const long RatioRangeLow = 400_000;
    private const long RatioRangeHigh = 4_000_000;

    private int _depth;

    /// <summary>Every node so far, alias-made ones included.</summary>
    public long Nodes { get; private set; }

    /// <summary>Nodes made by expanding aliases.</summary>
    public long AliasNodes { get; private set; }

    /// <summary>Refuses a document larger than <see cref="MaxBytes"/>.</summary>
    public static void CheckSize(long length, string format)
    {
        if (length > MaxBytes)
        {
            throw Refused(format, $"the document is {length.ToString("N0", CultureInfo.InvariantCulture)} bytes, over the limit of {MaxBytes.ToString("N0", CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>One node read from the text.</summary>
    public void Node()
    {
        if (++Nodes > MaxNodes)
        {
            throw Refused(format, $"the document has more than {MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes");
        }
    }

    /// <summary>An alias that repeats <paramref name="weight"/> nodes (the aliased node and everything inside it).</summary>
    public void Alias(long weight)
    {
        Node();
        Nodes += weight;
        AliasNodes += weight;
        if (AliasNodes > MaxAliasNodes ||
            (AliasNodes > 100 && Nodes > 1000 && (double)AliasNodes / Nodes > AllowedAliasRatio(Nodes)))
        {
            throw Refused(format, "document contains excessive aliasing");
        }
        if (Nodes > MaxNodes)
        {
            throw Refused(format, $"the document has more than {MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes once its aliases are expanded");
        }
    }

    /// <summary>Opens a mapping or sequence; refuses past <see cref="MaxDepth"/> or when the thread's stack runs short.</summary>
    public void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Refused(format, $"exceeded max depth of {MaxDepth.ToString(CultureInfo.InvariantCulture)}");
        }
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Refused(format, $"the document nests {_depth.ToString(CultureInfo.InvariantCulture)} levels deep, more than this thread's stack can read");
        }
    }

    public void Leave() => _depth--;

    /// <summary>yaml.v3's <c>allowedAliasRatio</c>.</summary>
    internal static double AllowedAliasRatio(long nodes) => nodes switch
    {
        <= RatioRangeLow => 0.99,
        >= RatioRangeHigh => 0.10,
        _ => 0.99 - 0.89 * ((double)(nodes - RatioRangeLow) / (RatioRangeHigh - RatioRangeLow)),
    };

    private static MalformedFileException Refused(string format, string what) =>
        new(ExitCodes.CouldNotReadInputFile, $"Error unmarshaling input {format}: {what}",
            "the document was refused before anything was decrypted; see docs/hostile-input.md");
}
