using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Text;

namespace SecretsKit.Core.Formats.Dotenv;

/// <summary>
/// The sops dotenv store: <c>KEY=VALUE</c> lines split at the first <c>=</c> with no trimming or quoting, <c>#</c>
/// comment lines, <c>\n</c> escapes for newlines, and the metadata as <c>sops_…</c> flattened lines at the end.
/// </summary>
public sealed class DotenvFormat : IFormat
{
    internal const string MetadataPrefix = "sops_";

    public string Name => "dotenv";

    public SopsTree ExampleTree { get; } = new([new TreeBranch([
        new TreeItem("hello", new StringValue("Welcome to SOPS! Edit this file as you please!")),
        new TreeItem("example_key", new StringValue("example_value")),
        TreeItem.Comment(" Example comment"),
        new TreeItem("example_multiline", new StringValue("foo\nbar\nbaz")),
    ])]);

    public SopsTree ParsePlain(byte[] input) => new([ParseBranch(input)]);

    public EncryptedDocument ParseEncrypted(byte[] input)
    {
        var branch = ParseBranch(input);
        var data = new List<TreeItem>(branch.Items.Count);
        var metadata = new List<KeyValuePair<string, string>>();
        foreach (var item in branch.Items)
        {
            if (item.Key is { } key && key.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            {
                metadata.Add(new(key[MetadataPrefix.Length..], ((StringValue)item.Value).Value));
            }
            else
            {
                data.Add(item);
            }
        }
        if (metadata.Count == 0)
        {
            throw new MetadataNotFoundException(
                "the dotenv file has no sops_… lines; is it encrypted?");
        }
        return new EncryptedDocument(new SopsTree([new TreeBranch(data)]), MetadataFlattener.Unflatten(metadata));
    }

    private static TreeBranch ParseBranch(byte[] input)
    {
        DocumentBudget.CheckSize(input.Length, "dotenv");
        var items = new List<TreeItem>();
        var lineNumber = 0;
        var start = 0;
        while (start <= input.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(input, (byte)'\n', start);
            if (end < 0) end = input.Length;
            var line = input.AsSpan(start, end - start);
            start = end + 1;
            if (line.IsEmpty) continue;
            if (line[0] == (byte)'#')
            {
                items.Add(TreeItem.Comment(GoUtf8.Decode(line[1..])));
                continue;
            }
            var eq = line.IndexOf((byte)'=');
            if (eq < 0)
            {
                throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
                    $"invalid dotenv input: line {lineNumber} has no '=' (expected KEY=VALUE or a # comment)");
            }
            var raw = line[(eq + 1)..];
            // A stored value with no "\n" to unescape is kept as its bytes; any other is decoded.
            var value = (raw.IndexOf("\\n"u8) < 0 ? StringValue.TryReadEncrypted(raw) : null)
                ?? new StringValue(GoUtf8.Decode(raw).Replace("\\n", "\n", StringComparison.Ordinal));
            items.Add(new TreeItem(GoUtf8.Decode(line[..eq]), value));
        }
        return new TreeBranch(items);
    }

    public byte[] EmitPlain(SopsTree tree) => FormatOutput.ToArray(output => EmitPlain(tree, output));

    public void EmitPlain(SopsTree tree, Stream output) =>
        Emit(tree.Branches.Count > 0 ? tree.Branches[0].Items : [], [], output);

    public byte[] EmitEncrypted(SopsTree tree, TreeBranch metadata) => FormatOutput.ToArray(output => EmitEncrypted(tree, metadata, output));

    public void EmitEncrypted(SopsTree tree, TreeBranch metadata, Stream output)
    {
        // sops sorts the flattened metadata keys (sort.Strings), which for 3.13 metadata equals depth-first order.
        var flat = MetadataFlattener.Flatten(metadata, MetadataPrefix)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new TreeItem(p.Key, new StringValue(p.Value)))
            .ToList();
        Emit(tree.Branches.Count > 0 ? tree.Branches[0].Items : [], flat, output);
    }

    /// <summary>Checks every value is flat first (so nothing is written for a tree that cannot be), then writes the lines.</summary>
    private static void Emit(IReadOnlyList<TreeItem> items, IReadOnlyList<TreeItem> metadata, Stream output)
    {
        foreach (var item in items)
        {
            if (!item.IsComment && item.Value is TreeBranch or Sequence or CommentValue)
            {
                throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
                    $"cannot use complex value in dotenv file (key '{item.Key}' holds a mapping or list)",
                    "dotenv files hold only flat KEY=VALUE pairs; use YAML or JSON for nested data");
            }
        }
        var text = new Utf8TextOutput(output);
        char[]? compact = null;
        foreach (var item in items.Concat(metadata))
        {
            if (item.IsComment)
            {
                text.Append('#');
                text.Append(((CommentValue)item.Value).Text);
                text.Append('\n');
                continue;
            }
            text.Append(item.Key);
            text.Append('=');
            if (item.Value is StringValue { IsCompact: true } stored)
            {
                // A compact stored value is written from a reused buffer rather than made into a string.
                compact ??= new char[StringValue.CompactLimit];
                AppendEscaped(text, compact.AsSpan(0, stored.CopyCompactTo(compact)));
            }
            else
            {
                AppendEscaped(text, GoValueText.ToText(item.Value)!);
            }
            text.Append('\n');
        }
        text.Finish();
    }

    /// <summary>The value with each line break written as <c>\n</c>.</summary>
    private static void AppendEscaped(Utf8TextOutput text, ReadOnlySpan<char> value)
    {
        var rest = value;
        for (var lf = rest.IndexOf('\n'); lf >= 0; lf = rest.IndexOf('\n'))
        {
            text.Append(rest[..lf]);
            text.Append("\\n");
            rest = rest[(lf + 1)..];
        }
        text.Append(rest);
    }

    public byte[] EmitValue(TreeNode value) => value switch
    {
        StringValue s => Encoding.UTF8.GetBytes(s.Value),
        BytesValue b => b.Value.ToArray(),
        TreeBranch branch => EmitPlain(new SopsTree([branch])),
        _ => throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
            $"the dotenv format can only extract strings or mappings, not a {Describe(value)}"),
    };

    private static string Describe(TreeNode value) => value switch
    {
        Sequence => "list",
        IntValue or FloatValue => "number",
        BoolValue => "boolean",
        TimeValue => "timestamp",
        NullValue => "null",
        _ => value.GetType().Name,
    };
}
