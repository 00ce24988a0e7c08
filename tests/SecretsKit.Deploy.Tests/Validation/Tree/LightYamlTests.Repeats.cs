using SecretsKit.Deploy.Tests.Validation;
using System.Globalization;
using System.Text;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation.Tree;

/// <summary>
/// Repeated block values: a large block value whose bytes repeat an earlier value of the same key at the same column is
/// that value's node, only when a line that ends the value follows both and the tree stays within the parser's depth;
/// whatever the light parser shares, its tree equals YamlDotNet's and its node count is a walk's (shared nodes counted
/// where they appear).
/// </summary>
public sealed partial class LightYamlTests
{
    /// <summary>A value of more than 512 bytes: a mapping with a block scalar, a quoted scalar over two lines and a list.</summary>
    private static string Schema(string indent) =>
        string.Concat(Enumerable.Range(0, 6).Select(i =>
            $"{indent}field{i}:\n{indent}  description: |\n{indent}    Field {i} says what it is for,\n{indent}    over two lines.\n" +
            $"{indent}  type: string\n{indent}  pattern: \"^[a-z]+\n{indent}    $\"\n{indent}  enum:\n{indent}  - a{i}\n{indent}  - b{i}\n"));

    private static string Versions(string second, string after) =>
        $"spec:\n  versions:\n  - name: v1\n    schema:\n{Schema("      ")}    served: true\n  - name: v1beta1\n    schema:\n{second}{after}";

    /// <summary>The schemas of a document's first two versions (its first twice when it has one), parsed with
    /// <paramref name="repeated"/>'s values of other documents (null: none).</summary>
    private static (ManifestNode First, ManifestNode Second) Schemas(string doc, RepeatedValues? repeated = null)
    {
        Assert.Equal(Outcome.Light, Compare(doc, repeated, out var tree));
        var root = (ManifestMapping)tree!;
        var versions = (ManifestSequence)((ManifestMapping)root.Find("spec")!).Find("versions")!;
        return (SchemaOf(root, 0), SchemaOf(root, Math.Min(1, versions.Items.Count - 1)));
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
        // the mutation lands in either copy, between them, or after both
        var (outcomes, shared) = CompareMutated(1500, " \n'\"\\:#-|x", random =>
            Versions(Schema("      "), random.Next(3) switch { 0 => "    served: true\n", 1 => "kind: X\n", _ => "" }));
        Assert.True(outcomes.GetValueOrDefault(Outcome.Light) > 500, Describe(outcomes));
        Assert.True(shared > 200, $"{shared} documents shared a node");
    }

    /// <summary>Characters a mutation of repeated values inserts.</summary>
    private const string RepeatsAlphabet = " \n'\"\\:#-|>x";

    /// <summary><paramref name="doc"/> with up to <paramref name="count"/> characters removed or inserted (from
    /// <paramref name="alphabet"/>) at random places; a document of one character is left as it is.</summary>
    private static StringBuilder Mutate(StringBuilder doc, Random random, int count, string alphabet)
    {
        for (var m = count; m > 0 && doc.Length > 1; m--)
        {
            var at = random.Next(doc.Length);
            if (random.Next(2) == 0) doc.Remove(at, 1);
            else doc.Insert(at, alphabet[random.Next(alphabet.Length)]);
        }
        return doc;
    }

    /// <summary>Each seed's document with up to two characters removed or inserted, compared with YamlDotNet's tree:
    /// the outcomes, and how many documents the light parser read with a shared node.</summary>
    private static (Dictionary<Outcome, int> Outcomes, int Shared) CompareMutated(int seeds, string alphabet, Func<Random, string> make)
    {
        var outcomes = new Dictionary<Outcome, int>();
        var shared = 0;
        for (var seed = 0; seed < seeds; seed++)
        {
            var random = new Random(seed);
            var doc = new StringBuilder(make(random));
            var text = Mutate(doc, random, random.Next(0, 3), alphabet).ToString();
            var outcome = Compare(text);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (outcome == Outcome.Light && SharesANode(LightYaml.TryParse(text, 0, text.Length)!)) shared++;
        }
        return (outcomes, shared);
    }

    [Fact]
    public void Many_items_whose_large_values_differ_only_at_their_end_are_each_read()
    {
        var body = string.Concat(Enumerable.Range(0, 40).Select(i => $"      k{i}: value number {i}\n"));
        var doc = "l:\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"- name: n{i}\n  spec:\n    inner:\n{body}      last: {i}\n  after: 1\n"));
        Assert.Equal(Outcome.Light, Compare(doc));
        Assert.False(SharesANode(LightYaml.TryParse(doc, 0, doc.Length)!));
    }

    [Fact]
    public void A_value_repeated_under_another_parent_at_the_same_column_is_shared()
    {
        var value = string.Concat(Enumerable.Range(0, 16).Select(i => $"      k{i}: the value of key {i}, long enough\n"));
        var doc = $"spec:\n  one:\n    conf:\n{value}  two:\n    conf:\n{value}  three:\n    other:\n{value}    conf:\n{value}kind: X\n";
        Assert.Equal(Outcome.Light, Compare(doc));
        var spec = (ManifestMapping)((ManifestMapping)LightYaml.TryParse(doc, 0, doc.Length)!).Find("spec")!;
        var confs = new[] { "one", "two", "three" }.Select(k => ((ManifestMapping)spec.Find(k)!).Find("conf")).ToList();
        Assert.Same(confs[0], confs[1]);
        Assert.Same(confs[0], confs[2]);
        Assert.NotSame(confs[0], ((ManifestMapping)spec.Find("three")!).Find("other")); // another key
    }

    /// <summary><c>v:</c> at column 2 * <paramref name="levels"/> + 2, under mappings (one collection a level) or items of
    /// indentless sequences (two a level), holding <paramref name="height"/> nested mappings and then some keys.</summary>
    private static string Deep(string root, int levels, bool indentless, int height)
    {
        var sb = new StringBuilder(root).Append(":\n");
        for (var l = 0; l <= levels; l++)
        {
            var key = l < levels ? $"l{l}" : "v";
            sb.Append(indentless ? new string(' ', 2 * l) + "- " : new string(' ', 2 * l + 2)).Append(key).Append(":\n");
        }
        var column = 2 * levels + 4;
        for (var h = 0; h < height; h++) sb.Append(' ', column + 2 * h).Append(CultureInfo.InvariantCulture, $"x{h}:\n");
        for (var k = 0; k < 12; k++) sb.Append(' ', column + 2 * height).Append(CultureInfo.InvariantCulture, $"pad{k}: some text to pass the size\n");
        return sb.ToString();
    }

    [Fact]
    public void A_repeat_deeper_in_collections_than_the_parser_reads_is_not_shared()
    {
        // the same bytes at the same column, once under mappings and once under indentless sequences (twice as deep)
        const int Levels = 30;
        Assert.Equal(Outcome.Fallback, Compare(Deep("b", Levels, indentless: true, height: 40)));
        Assert.Equal(Outcome.Light, Compare(Deep("a", Levels, indentless: false, height: 40)));
        Assert.Equal(Outcome.Fallback, Compare(Deep("a", Levels, indentless: false, height: 40) + Deep("b", Levels, indentless: true, height: 40) + "end: 1\n"));
        // shallower: the repeat fits and is shared
        var fits = Deep("a", Levels, indentless: false, height: 25) + Deep("b", Levels, indentless: true, height: 25) + "end: 1\n";
        Assert.Equal(Outcome.Light, Compare(fits));
        Assert.True(SharesANode(LightYaml.TryParse(fits, 0, fits.Length)!));
    }

    [Fact]
    public void A_value_holding_a_shared_value_is_as_deep_as_both()
    {
        // A (u's value, 45 levels) read first; B (v's value: e, then u holding A again) reads A's node, so B is as deep as A
        // and one more; B again, under indentless sequences (twice the collections at the same columns), would pass the
        // depth limit: the document is YamlDotNet's, as if B were read there (each part's levels have keys of their own,
        // so that comparing them does not spend the document's budget before B)
        const int Levels = 30, Height = 45;
        string Chain(int column) =>
            string.Concat(Enumerable.Range(0, Height).Select(h => new string(' ', column + 2 * h) + $"x{h}:\n"))
            + string.Concat(Enumerable.Range(0, 8).Select(k => new string(' ', column + 2 * Height) + $"pad{k}: text\n"));
        string Part(string root, bool indentless, bool withE)
        {
            var sb = new StringBuilder(root).Append(":\n");
            for (var l = 0; l < Levels; l++) sb.Append(indentless ? new string(' ', 2 * l) + "- " : new string(' ', 2 * l + 2)).Append(CultureInfo.InvariantCulture, $"{root}{l}:\n");
            const int Column = 2 * Levels + 2;
            sb.Append(indentless ? new string(' ', Column - 2) + "- " : new string(' ', Column)).Append("v:\n");
            if (withE) sb.Append(' ', Column + 2).Append("e: 1\n");
            return sb.Append(' ', Column + 2).Append("u:\n").Append(Chain(Column + 4)).ToString();
        }
        var read = Part("a", indentless: false, withE: false) + Part("b", indentless: false, withE: true);
        Assert.Equal(Outcome.Light, Compare(read + "end: 1\n"));
        Assert.Equal(Outcome.Fallback, Compare(read + Part("c", indentless: true, withE: true) + "end: 1\n"));
    }

    /// <summary>
    /// A value of random lines (plain, quoted over two lines, literal and folded block scalars with each chomping, nested
    /// mappings, indentless and indented sequences, comments, blank lines), its keys at <paramref name="column"/>.
    /// </summary>
    private static string RandomValue(Random random, int column)
    {
        var sb = new StringBuilder();
        var pad = new string(' ', column);
        for (var i = 0; sb.Length < 600; i++)
        {
            switch (random.Next(9))
            {
                case 0: sb.Append(pad).Append(CultureInfo.InvariantCulture, $"p{i}: plain text {i}\n"); break;
                case 1: sb.Append(pad).Append(CultureInfo.InvariantCulture, $"q{i}: 'quoted\n{pad}  over two lines'\n"); break;
                case 2: sb.Append(pad).Append(CultureInfo.InvariantCulture, $"b{i}: {(random.Next(2) == 0 ? '|' : '>')}{new[] { "", "-", "+" }[random.Next(3)]}\n{pad}  line one\n\n{pad}  line two\n"); break;
                case 3: sb.Append(pad).Append(CultureInfo.InvariantCulture, $"m{i}:\n{pad}  x: 1\n{pad}  y:\n{pad}    z: deep\n"); break;
                case 4: sb.Append(pad).Append(CultureInfo.InvariantCulture, $"s{i}:\n{pad}- one\n{pad}- two: 2\n{pad}  three: 3\n"); break;
                case 5: sb.Append(pad).Append(CultureInfo.InvariantCulture, $"t{i}:\n{pad}  - one\n{pad}  - two\n"); break;
                case 6: sb.Append(pad).Append("# a comment\n"); break;
                case 7: sb.Append('\n'); break;
                default: sb.Append(pad).Append(CultureInfo.InvariantCulture, $"e{i}: [a, b]\n"); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The same random value under keys named <c>v</c> in several places (nested mappings, sequence items, other
    /// columns), each followed by a key, a comment, a blank line, a dash or the document's end.</summary>
    private static string RandomRepeats(Random random)
    {
        var value = RandomValue(random, 4);
        var sb = new StringBuilder();
        for (var place = 0; place < 4; place++)
        {
            switch (random.Next(4))
            {
                case 0: sb.Append(CultureInfo.InvariantCulture, $"k{place}:\n  v:\n").Append(value); break;
                case 1: sb.Append(CultureInfo.InvariantCulture, $"k{place}:\n- v:\n").Append(value); break;
                case 2: sb.Append(CultureInfo.InvariantCulture, $"k{place}:\n  w:\n    v:\n").Append(string.Join('\n', value.Split('\n').Select(l => l.Length == 0 ? l : "  " + l))); break;
                default: sb.Append(CultureInfo.InvariantCulture, $"k{place}:\n  v:\n").Append(value).Append(random.Next(2) == 0 ? "  - dash\n" : "  # after\n"); break;
            }
            if (random.Next(3) == 0) sb.Append('\n');
        }
        return sb.ToString();
    }

    [Fact]
    public void Light_parse_agrees_with_YamlDotNet_on_random_values_repeated_in_several_places_and_on_their_mutations()
    {
        var (outcomes, shared) = CompareMutated(2000, RepeatsAlphabet, RandomRepeats);
        Assert.True(outcomes.GetValueOrDefault(Outcome.Light) > 600, Describe(outcomes));
        Assert.True(shared > 300, $"{shared} documents shared a node; {Describe(outcomes)}");
    }

    [Fact]
    public void A_value_repeated_in_another_document_of_the_rendering_shares_its_node()
    {
        var first = Versions(Schema("      "), "    served: false\n");
        var second = $"kind: Other\nspec:\n  names:\n    plural: others\n  versions:\n  - name: v2\n    schema:\n{Schema("      ")}    served: true\n";
        var repeated = new RepeatedValues();
        var (a, _) = Schemas(first, repeated);
        var (b, _) = Schemas(second, repeated);
        Assert.Same(a, b);
        // documents parsed apart share nothing
        Assert.NotSame(Schemas(first).First, Schemas(second).First);
        // a rendering's documents are parsed with one store
        var docs = RenderedDocument.Split($"{first}---\n{second}").ToList();
        Assert.Same(SchemaOf(docs[0].Root!, 0), SchemaOf(docs[1].Root!, 0));
    }

    [Fact]
    public void Documents_parsed_at_once_with_one_store_each_agree_with_YamlDotNet()
    {
        // the same random values repeated across documents, some mutated, parsed by several threads sharing their values
        var docs = Enumerable.Range(0, 600).Select(seed =>
        {
            var random = new Random(seed % 150);
            var doc = new StringBuilder(RandomRepeats(random));
            return Mutate(doc, random, seed < 150 ? 0 : new Random(seed).Next(1, 3), RepeatsAlphabet).ToString();
        }).ToList();
        var repeated = new RepeatedValues();
        var trees = new ManifestNode?[docs.Count];
        Parallel.For(0, docs.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => Compare(docs[i], repeated, out trees[i]));
        // nodes that more than one document holds
        var owners = new Dictionary<ManifestNode, int>(ReferenceEqualityComparer.Instance);
        var across = 0;
        for (var i = 0; i < trees.Length; i++)
        {
            if (trees[i] is not ManifestMapping root) continue;
            foreach (var node in Collections(root))
            {
                if (owners.TryAdd(node, i) || owners[node] == i) continue;
                across++;
                owners[node] = i;
            }
        }
        Assert.True(across > 100, $"{across} nodes shared across documents");
    }

    private static ManifestNode SchemaOf(ManifestMapping root, int version) =>
        ((ManifestMapping)((ManifestSequence)((ManifestMapping)root.Find("spec")!).Find("versions")!).Items[version]).Find("schema")!;

    private static IEnumerable<ManifestNode> Collections(ManifestNode root)
    {
        var stack = new Stack<ManifestNode>([root]);
        while (stack.TryPop(out var node))
        {
            if (node is ManifestScalar) continue;
            yield return node;
            foreach (var child in node switch { ManifestMapping map => map.Entries.Select(e => e.Value), ManifestSequence seq => seq.Items, _ => [] }) stack.Push(child);
        }
    }

    private static bool SharesANode(ManifestNode root)
    {
        var seen = new HashSet<ManifestNode>(ReferenceEqualityComparer.Instance);
        return Collections(root).Any(node => !seen.Add(node));
    }
}
