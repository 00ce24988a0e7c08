using System.Text;
using System.Text.Unicode;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// The YAML format, byte-compatible with sops 3.13.2's YAML store (go yaml.v3 v3.0.4): parses with YamlDotNet's
/// parser (comments kept), emits with its own port of yaml.v3's encoder and emitter.
/// </summary>
public sealed class YamlFormat : IFormat
{
    private const string MetadataKey = "sops";
    private readonly int _indent;

    /// <param name="indent">Emitter indent (sops <c>--indent</c>); 0 means yaml.v3's default of 4, and values
    /// below 2 or above 9 become 2 as yaml.v3 clamps them.</param>
    public YamlFormat(int indent = 4)
    {
        if (indent < 0) throw new ArgumentOutOfRangeException(nameof(indent), "YAML negative indentation not accepted");
        _indent = indent == 0 ? 4 : indent;
    }

    public string Name => "yaml";

    public SopsTree ExampleTree { get; } = new([
        new TreeBranch([
            new TreeItem("hello", new StringValue("Welcome to SOPS! Edit this file as you please!")),
            new TreeItem("example_key", new StringValue("example_value")),
            TreeItem.Comment(" Example comment"),
            new TreeItem("example_array", new Sequence([new StringValue("example_value1"), new StringValue("example_value2")])),
            new TreeItem("example_number", new FloatValue(1234.56789)),
            new TreeItem("example_booleans", new Sequence([new BoolValue(true), new BoolValue(false)])),
        ]),
    ]);

    public SopsTree ParsePlain(byte[] input) => new(YamlTreeReader.Read(Decode(input)));

    public EncryptedDocument ParseEncrypted(byte[] input) => ParseEncrypted(new ReleasableInput(input));

    public EncryptedDocument ParseEncrypted(ReleasableInput input)
    {
        var branches = ReadDocuments(input);
        if (branches.Count == 0 || branches[0].Get(MetadataKey) is not { } metadataNode)
        {
            throw new MetadataNotFoundException(
                "The file has no top-level 'sops' key: it is not encrypted. To encrypt it, use 'encrypt'.");
        }
        if (metadataNode is not TreeBranch metadata)
        {
            throw new MalformedFileException(ExitCodes.Generic, "sops metadata is invalid: the top-level 'sops' key is not a mapping");
        }
        var documents = branches.Select(WithoutMetadata).ToList();
        return new EncryptedDocument(new SopsTree(documents), metadata);
    }

    // An exactly sized copy: a document of a million keys is not copied through a doubling list.
    private static TreeBranch WithoutMetadata(TreeBranch branch)
    {
        var items = new List<TreeItem>(branch.Items.Count);
        foreach (var item in branch.Items)
        {
            if (item.IsComment || item.Key != MetadataKey) items.Add(item);
        }
        return new TreeBranch(items);
    }

    public byte[] EmitPlain(SopsTree tree) => FormatOutput.ToArray(output => EmitPlain(tree, output));

    public void EmitPlain(SopsTree tree, Stream output) => EmitDocuments(tree.Branches, _indent, output);

    public byte[] EmitEncrypted(SopsTree tree, TreeBranch metadata) => FormatOutput.ToArray(output => EmitEncrypted(tree, metadata, output));

    public void EmitEncrypted(SopsTree tree, TreeBranch metadata, Stream output)
    {
        var withMetadata = tree.Branches
            .Select(b => new TreeBranch([.. b.Items, new TreeItem(MetadataKey, metadata)]))
            .ToList();
        EmitDocuments(withMetadata, _indent, output);
    }

    public byte[] EmitValue(TreeNode value) => value switch
    {
        StringValue s => Encoding.UTF8.GetBytes(s.Value),
        TreeBranch branch => EmitPlain(new SopsTree([branch])),
        // yaml.Marshal of the node: a one-node document with yaml.v3's default indent of 4.
        _ => YamlTreeEvents.EmitValue(value, 4),
    };

    /// <summary>Control characters and a <c>%YAML</c> version other than 1.1, both refused by yaml.v3 (<see cref="YamlSopsRefusals"/>).</summary>
    public string? SopsRefusal(ReadOnlySpan<byte> input) => YamlSopsRefusals.Find(input);

    private static void EmitDocuments(IReadOnlyList<TreeBranch> branches, int indent, Stream output)
    {
        if (branches.Count > 0) YamlTreeEvents.EmitDocuments(branches, indent, output);
    }

    /// <summary>
    /// The documents: read by <see cref="YamlFastReader"/> when the file is written the way sops writes one (an encrypted
    /// file's bytes then let go of), else by YamlDotNet; the input's bytes are let go of before YamlDotNet parses when every
    /// folded value was read ahead (an encrypted file's <c>ENC[…]</c> values, <see cref="FoldedText.TryReadEncryptedAhead"/>).
    /// </summary>
    private static IReadOnlyList<TreeBranch> ReadDocuments(ReleasableInput input)
    {
        if (ReadFast(input) is { } fast)
        {
            // The tree holds nothing of the input: an encrypted file's is let go of, as a folded read lets go of it.
            if (fast[0].Get(MetadataKey) is TreeBranch) input.Release();
            return fast;
        }
        var (folded, whole) = Prepare(input);
        if (folded is null) return YamlTreeReader.ReadUnfolded(whole!);
        if (folded.IsSelfContained) input.Release();
        return YamlTreeReader.Read(folded);
    }

    // Its own frame, so no local of the reading frame holds the input's array. A file over the fast reader's size is not
    // checked here: Prepare checks it once for YamlDotNet (a large file's UTF-8 check is not work to do twice).
    private static List<TreeBranch>? ReadFast(ReleasableInput input) =>
        input.Bytes.Length <= YamlFastReader.MaxInput && YamlFastReader.TryRead(Decode(input.Bytes).Span) is { } branch
            ? new List<TreeBranch> { branch }
            : null;

    // Its own frame, so no local of the reading frame holds the input's array: the folded document, or the whole text.
    private static (FoldedText? Folded, string? Whole) Prepare(ReleasableInput input)
    {
        var utf8 = Decode(input.Bytes);
        return YamlFoldedValues.TryFold(utf8) is { } folded ? (folded, null) : (null, Encoding.UTF8.GetString(utf8.Span));
    }

    /// <summary>The input checked to be UTF-8 (as yaml.v3 requires), without its byte order mark; not decoded here.</summary>
    private static ReadOnlyMemory<byte> Decode(byte[] input)
    {
        DocumentBudget.CheckSize(input.Length, "YAML");
        if (!Utf8.IsValid(input))
        {
            throw new MalformedFileException(ExitCodes.CouldNotReadInputFile, "Error unmarshaling input YAML: the file is not valid UTF-8");
        }
        return input.AsSpan().StartsWith("\uFEFF"u8) ? input.AsMemory(3) : input;
    }
}
