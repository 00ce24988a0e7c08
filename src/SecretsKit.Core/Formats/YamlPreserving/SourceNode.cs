using YamlDotNet.Core;

namespace SecretsKit.Core.Formats.YamlPreserving;

/// <summary>A node of the original YAML text with its character span (<see cref="Start"/> inclusive, <see cref="End"/> exclusive).</summary>
internal abstract class SourceNode
{
    public int Start { get; init; }

    public int End { get; set; }

    /// <summary>Where the node's last character ends (block collections end at the next token, so this is the end of their last child).</summary>
    public abstract int ContentEnd { get; }
}

/// <summary>A scalar token as written: its style and whether it sits inside a flow collection.</summary>
internal sealed class SourceScalar : SourceNode
{
    public required ScalarStyle Style { get; init; }

    public required bool InFlow { get; init; }

    public required string Value { get; init; }

    public override int ContentEnd => End;
}

/// <summary>A mapping: its keys (scalars) and values in order.</summary>
internal sealed class SourceMapping : SourceNode
{
    public required bool Flow { get; init; }

    public List<(SourceScalar Key, SourceNode Value)> Items { get; } = [];

    public override int ContentEnd => Flow || Items.Count == 0 ? End : Items[^1].Value.ContentEnd;
}

/// <summary>A sequence and its items.</summary>
internal sealed class SourceSequence : SourceNode
{
    public required bool Flow { get; init; }

    public List<SourceNode> Items { get; } = [];

    public override int ContentEnd => Flow || Items.Count == 0 ? End : Items[^1].ContentEnd;
}

/// <summary>A comment: the span from <c>#</c> to the end of its line.</summary>
internal sealed record SourceComment(int Start, int End, string Text);
