using System.Text;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// Repeated block values: a sequence item's large block value whose bytes repeat an earlier item's value of the same key
/// is that value's node, only when a line that ends the value follows it; whatever the light parser shares, its tree
/// equals YamlDotNet's and its node count is a walk's (shared nodes counted where they appear).
/// </summary>
public sealed partial class LightYamlTests
{
    /// <summary>A value of more than 512 bytes: a mapping with a block scalar, a quoted scalar over two lines and a list.</summary>
    private static string Schema(string indent, string tail = "") =>
        string.Concat(Enumerable.Range(0, 6).Select(i =>
            $"{indent}field{i}:\n{indent}  description: |\n{indent}    Field {i} says what it is for,\n{indent}    over two lines.\n" +
            $"{indent}  type: string\n{indent}  pattern: \"^[a-z]+\n{indent}    $\"\n{indent}  enum:\n{indent}  - a{i}\n{indent}  - b{i}\n")) + tail;

    private static string Versions(string second, string after) =>
        $"spec:\n  versions:\n  - name: v1\n    schema:\n{Schema("      ")}    served: true\n  - name: v1beta1\n    schema:\n{second}{after}";

    private static (ManifestNode First, ManifestNode Second) Schemas(string doc)
    {
        Assert.Equal(Outcome.Light, Compare(doc));
        var root = (ManifestMapping)LightYaml.TryParse(doc, 0, doc.Length)!;
        var versions = (ManifestSequence)((ManifestMapping)root.Find("spec")!).Find("versions")!;
        return (((ManifestMapping)versions.Items[0]).Find("schema")!, ((ManifestMapping)versions.Items[1]).Find("schema")!);
    }

    [Fact]
    public void A_version_whose_schema_repeats_an_earlier_versions_bytes_shares_its_node()
    {
        var (first, second) = Schemas(Versions(Schema("      "), "    served: false\nstatus: {}\n"));
        Assert.Same(first, second);
        // the same when the value ends the item, the sequence, and the mapping holding it (a line less indented follows)
        var (a, b) = Schemas(Versions(Schema("      "), "kind: X\n"));
        Assert.Same(a, b);
    }

    /// <summary>The same bytes, but what follows them belongs to the value, may, or is not a line that ends it.</summary>
    public static TheoryData<string, string> NotRepeated() => new()
    {
        { "a deeper line goes on", Versions(Schema("      "), "      extra: 1\n    served: true\n") },
        { "the document ends", Versions(Schema("      "), "") },
        { "a comment follows", Versions(Schema("      "), "# a comment\n    served: true\n") },
        { "a blank line follows", Versions(Schema("      "), "\n    served: true\n") },
        { "a blank line and a less indented key", Versions(Schema("      "), "\nkind: X\n") },
        { "a different byte", Versions(Schema("      ").Replace("b5", "c5", StringComparison.Ordinal), "    served: true\n") },
        { "its key at another column", $"spec:\n  versions:\n  - name: v1\n    schema:\n{Schema("        ")}    served: true\n  -   name: v1beta1\n      schema:\n{Schema("        ")}      served: true\n" },
    };

    [Theory]
    [MemberData(nameof(NotRepeated))]
    public void A_value_is_shared_only_when_a_line_that_ends_it_follows(string why, string doc)
    {
        var (first, second) = Schemas(doc);
        Assert.False(ReferenceEquals(first, second), why);
    }

    [Fact]
    public void An_indentless_sequence_a_dash_would_go_on_and_a_kept_block_scalar_followed_by_more_are_read_again()
    {
        // "list:" and its dashes share column 2: a dash after the same sixty items goes on the second list
        var items = string.Concat(Enumerable.Range(0, 60).Select(i => $"  - item-{i}\n"));
        var lists = $"l:\n- name: a\n  list:\n{items}  other: 1\n- name: b\n  list:\n{items}  - one more\n  other: 1\n";
        Assert.Equal(Outcome.Light, Compare(lists));
        var counts = Items(lists).Select(i => ((ManifestSequence)i.Find("list")!).Items.Count).ToList();
        Assert.Equal([60, 61], counts);
        // a kept block scalar ("|+") ends the value: the blank lines after its text are part of it
        var text = string.Concat(Enumerable.Range(0, 30).Select(i => $"    line {i} of a kept block scalar\n"));
        var kept = $"l:\n- name: a\n  text: |+\n{text}\n  other: 1\n- name: b\n  text: |+\n{text}\n\n  other: 1\n";
        Assert.Equal(Outcome.Light, Compare(kept));
        var texts = Items(kept).Select(i => i.Text("text")).ToList();
        Assert.Equal(texts[0] + "\n", texts[1]);
    }

    private static List<ManifestMapping> Items(string doc) =>
        ((ManifestSequence)((ManifestMapping)LightYaml.TryParse(doc, 0, doc.Length)!).Find("l")!).Items.Cast<ManifestMapping>().ToList();

    [Fact]
    public void Light_parse_agrees_with_YamlDotNet_on_mutations_of_repeated_values()
    {
        const string Alphabet = " \n'\"\\:#-|x";
        var outcomes = new Dictionary<Outcome, int>();
        var shared = 0;
        for (var seed = 0; seed < 1500; seed++)
        {
            var random = new Random(seed);
            var schema = Schema("      ");
            var doc = new StringBuilder(Versions(schema, random.Next(3) switch { 0 => "    served: true\n", 1 => "kind: X\n", _ => "" }));
            // the mutation lands in either copy, between them, or after both
            for (var m = random.Next(0, 3); m > 0 && doc.Length > 1; m--)
            {
                var at = random.Next(doc.Length);
                if (random.Next(2) == 0) doc.Remove(at, 1);
                else doc.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
            }
            var text = doc.ToString();
            var outcome = Compare(text);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (outcome == Outcome.Light && SharesANode(LightYaml.TryParse(text, 0, text.Length)!)) shared++;
        }
        Assert.True(outcomes.GetValueOrDefault(Outcome.Light) > 500, Describe(outcomes));
        Assert.True(shared > 200, $"{shared} documents shared a node");
    }

    [Fact]
    public void Many_items_whose_large_values_differ_only_at_their_end_are_each_read()
    {
        var body = string.Concat(Enumerable.Range(0, 40).Select(i => $"      k{i}: value number {i}\n"));
        var doc = "l:\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"- name: n{i}\n  spec:\n    inner:\n{body}      last: {i}\n  after: 1\n"));
        Assert.Equal(Outcome.Light, Compare(doc));
        Assert.False(SharesANode(LightYaml.TryParse(doc, 0, doc.Length)!));
    }

    private static bool SharesANode(ManifestNode root)
    {
        var seen = new HashSet<ManifestNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<ManifestNode>([root]);
        while (stack.TryPop(out var node))
        {
            if (node is ManifestScalar) continue;
            if (!seen.Add(node)) return true;
            var children = node switch
            {
                ManifestMapping map => map.Entries.Select(e => e.Value),
                ManifestSequence seq => seq.Items,
                _ => [],
            };
            foreach (var child in children) stack.Push(child);
        }
        return false;
    }
}
