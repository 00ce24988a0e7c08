using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Ini;

/// <summary>
/// The sops INI store (go-ini): each section is a top-level key whose value is a mapping of strings; keys before the
/// first header live in <c>DEFAULT</c>. A section comment is the first item of its section; a key's comment is the
/// item after the key. The metadata is a last <c>[sops]</c> section of flattened keys with newlines written as <c>\n</c>.
/// </summary>
public sealed class IniFormat : IFormat
{
    internal const string MetadataSection = "sops";

    public string Name => "ini";

    public SopsTree ExampleTree { get; } = new([new TreeBranch([
        new TreeItem("Welcome!", new TreeBranch([
            TreeItem.Comment(" This is an example file."),
            new TreeItem("hello", new StringValue("Welcome to SOPS! Edit this file as you please!")),
            new TreeItem("example_key", new StringValue("example_value")),
        ])),
    ])]);

    public SopsTree ParsePlain(byte[] input) => new([ToBranch(IniParser.Parse(input), skipMetadata: false)]);

    public EncryptedDocument ParseEncrypted(byte[] input)
    {
        var sections = IniParser.Parse(input);
        var sops = sections.FirstOrDefault(s => s.Name == MetadataSection)
            ?? throw new MetadataNotFoundException(
                "the INI file has no [sops] section; is it encrypted?");
        // 3.13.2 writes newlines as the two characters \n; 3.13.0/3.13.1 wrote """…""" values with real newlines.
        var pairs = sops.Keys.Select(k => new KeyValuePair<string, string>(
            k.Name, k.Value.Replace("\\n", "\n", StringComparison.Ordinal)));
        return new EncryptedDocument(new SopsTree([ToBranch(sections, skipMetadata: true)]), MetadataFlattener.Unflatten(pairs));
    }

    private static TreeBranch ToBranch(List<IniSection> sections, bool skipMetadata)
    {
        var items = new List<TreeItem>(sections.Count);
        foreach (var section in sections)
        {
            if (skipMetadata && section.Name == MetadataSection) continue;
            var entries = new List<TreeItem>();
            if (section.Comment.Length > 0) entries.Add(TreeItem.Comment(StripCommentChar(section.Comment)));
            foreach (var key in section.Keys)
            {
                entries.Add(new TreeItem(key.Name, new StringValue(key.Value)));
                if (key.Comment.Length > 0) entries.Add(TreeItem.Comment(StripCommentChar(key.Comment)));
            }
            items.Add(new TreeItem(section.Name, new TreeBranch(entries)));
        }
        return new TreeBranch(items);
    }

    /// <summary>sops <c>stripCommentChar</c>: drops every leading <c>;</c>/<c>#</c> and space of the first line.</summary>
    private static string StripCommentChar(string comment) =>
        comment.StartsWith(';') ? comment.TrimStart(';', ' ')
        : comment.StartsWith('#') ? comment.TrimStart('#', ' ')
        : comment;

    public byte[] EmitPlain(SopsTree tree) => FormatOutput.ToArray(output => EmitPlain(tree, output));

    public void EmitPlain(SopsTree tree, Stream output) => IniWriter.Write(BuildSections(tree.Branches, null), output);

    public byte[] EmitEncrypted(SopsTree tree, TreeBranch metadata) => FormatOutput.ToArray(output => EmitEncrypted(tree, metadata, output));

    public void EmitEncrypted(SopsTree tree, TreeBranch metadata, Stream output) =>
        IniWriter.Write(BuildSections(tree.Branches, metadata), output);

    private static List<IniSection> BuildSections(IEnumerable<TreeBranch> branches, TreeBranch? metadata)
    {
        var sections = new List<IniSection> { new(IniSection.DefaultName) };
        foreach (var branch in branches)
        {
            foreach (var item in branch.Items)
            {
                if (item.IsComment) continue;
                if (item.Value is not TreeBranch body)
                {
                    throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
                        $"cannot write INI: the top-level key '{item.Key}' is not a section (section values must be mappings)",
                        "INI files hold [section] blocks of key = value pairs; use YAML or JSON for other shapes");
                }
                AddSection(sections, item.Key!, body);
            }
        }
        if (metadata is not null)
        {
            var sops = NewSection(sections, MetadataSection);
            foreach (var (key, value) in MetadataFlattener.Flatten(metadata))
            {
                sops.SetKey(key, value.Replace("\n", "\\n", StringComparison.Ordinal));
            }
        }
        return sections;
    }

    private static void AddSection(List<IniSection> sections, string name, TreeBranch body)
    {
        var section = NewSection(sections, name);
        var first = 0;
        if (body.Items.Count > 0 && body.Items[0].IsComment)
        {
            section.Comment = ((CommentValue)body.Items[0].Value).Text;
            first = 1;
        }
        IniKey? last = null;
        for (var i = first; i < body.Items.Count; i++)
        {
            var entry = body.Items[i];
            if (entry.IsComment)
            {
                if (last is not null) last.Comment = ((CommentValue)entry.Value).Text;
                continue;
            }
            if (entry.Key!.Length == 0)
            {
                throw new SecretsKitException(ExitCodes.ErrorDumpingTree, $"cannot write INI: section '{name}' has an empty key name");
            }
            var text = GoValueText.ToText(entry.Value) ?? throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
                $"cannot write INI: '{name}.{entry.Key}' holds a mapping or list; INI values must be scalars");
            last = section.SetKey(entry.Key, text);
        }
    }

    /// <summary>go-ini <c>NewSection</c>: <c>DEFAULT</c> is the one leading default section; other names may repeat.</summary>
    private static IniSection NewSection(List<IniSection> sections, string name)
    {
        if (name.Length == 0) throw new SecretsKitException(ExitCodes.ErrorDumpingTree, "cannot write INI: empty section name");
        if (name == IniSection.DefaultName) return sections[0];
        var section = new IniSection(name);
        sections.Add(section);
        return section;
    }

    public byte[] EmitValue(TreeNode value)
    {
        switch (value)
        {
            case TreeBranch branch:
                return EmitPlain(new SopsTree([branch]));
            case StringValue s:
                return Encoding.UTF8.GetBytes(s.Value);
            case BytesValue b:
                return b.Value.ToArray();
            case CommentValue:
                throw new SecretsKitException(ExitCodes.ErrorDumpingTree, "cannot extract a comment as an INI value");
            default:
                // sops' INI store marshals non-document values with encoding/json.
                return TreeJsonWriter.Bytes(value, null);
        }
    }
}
