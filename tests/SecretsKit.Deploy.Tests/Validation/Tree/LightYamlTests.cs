using SecretsKit.Deploy.Tests.Validation;
using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Tests.Validation.Tree;

/// <summary>
/// Differential: the light parser gives, for every document, the tree YamlDotNet's representation model gives
/// (scalar text, plain or not, tags, key order), or gives up; never a different tree, never a tree for what YamlDotNet
/// rejects. Over real <c>helm template</c> output (which it must parse itself) and hand-written tricky YAML.
/// </summary>
public sealed partial class LightYamlTests
{
    [GeneratedRegex(@"^---[ \t]*(?:#.*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    /// <summary>What happened to one document: the light parser read it, or left it to YamlDotNet.</summary>
    private enum Outcome { Light, Fallback, YamlDotNetFailed }

    /// <summary>Asserts agreement for one document, parsed with <paramref name="repeated"/>'s values of other documents
    /// (null: none); tells whether the light parser read it.</summary>
    private static Outcome Compare(string doc, RepeatedValues? repeated = null) => Compare(doc, repeated, out _);

    private static Outcome Compare(string doc, RepeatedValues? repeated, out ManifestNode? tree)
    {
        var light = tree = LightYaml.TryParse(doc, 0, doc.Length, out var nodes, repeated);
        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(doc));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException)
        {
            Assert.True(light is null, $"YamlDotNet rejects, the light parser accepted:\n{doc}");
            return Outcome.Fallback;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet 16.3's scanner fails this way on some malformed plain scalars, its representation model on an
            // alias where a key's value was expected (seen on mutated and generated documents): nothing to compare against.
            Assert.True(light is null, $"YamlDotNet fails ({e.GetType().Name}), the light parser accepted:\n{doc}");
            return Outcome.YamlDotNetFailed;
        }
        if (light is null) return Outcome.Fallback;
        if (root is null or YamlScalarNode { Value: null or "" })
        {
            Assert.True(ReferenceEquals(light, LightYaml.Empty), $"an empty document, the light parser gave a tree:\n{doc}");
            return Outcome.Light;
        }
        Assert.False(ReferenceEquals(light, LightYaml.Empty), $"not empty, the light parser said empty:\n{doc}");
        Assert.Equal(Dump(YamlEventTree.Parse(doc)!), Dump(light));
        Assert.Equal(Count(light), nodes); // what a walk visits: what a CRD schema's size check would count
        return Outcome.Light;
    }

    private static IEnumerable<string> Documents(string text)
    {
        var start = 0;
        foreach (Match m in Separator().Matches(text))
        {
            yield return text[start..m.Index];
            start = m.Index + m.Length;
        }
        yield return text[start..];
    }

    private static int Count(ManifestNode node) => 1 + node switch
    {
        ManifestMapping map => map.Entries.Sum(e => Count(e.Value)),
        ManifestSequence seq => seq.Items.Sum(Count),
        _ => 0,
    };

    /// <summary>A canonical text of a tree: every scalar with its style class, tag and exact text.</summary>
    private static string Dump(ManifestNode node)
    {
        var sb = new StringBuilder();
        Dump(node, sb, 0);
        return sb.ToString();
    }

    private static void Dump(ManifestNode node, StringBuilder sb, int depth)
    {
        switch (node)
        {
            case ManifestScalar s:
                sb.Append(s.Plain ? "plain " : "quoted ").Append(s.Tag is null ? "" : "!" + s.Tag + " ").Append('<').Append(s.Value.Replace("\n", "\\n", StringComparison.Ordinal)).Append(">\n");
                break;
            case ManifestSequence seq:
                sb.Append("seq\n");
                foreach (var item in seq.Items)
                {
                    sb.Append(' ', depth * 2 + 2).Append("- ");
                    Dump(item, sb, depth + 1);
                }
                break;
            case ManifestMapping map:
                sb.Append("map\n");
                foreach (var (key, findable, value) in map.Entries)
                {
                    sb.Append(' ', depth * 2 + 2).Append(findable ? "" : "(unfindable) ").Append('[').Append(key).Append("]: ");
                    Dump(value, sb, depth + 1);
                }
                break;
            default:
                sb.Append("alias\n");
                break;
        }
    }

    private static async Task<string> HelmTemplateAsync(params string[] args)
    {
        using var helm = new RealHelm();
        var result = await helm.RunAsync(["template", .. args]);
        Assert.True(result.ExitCode == 0, $"helm template failed: {result.Stderr}");
        return result.StdoutText;
    }

    [Fact]
    public async Task Light_parse_reads_every_document_of_the_agent_chart_with_its_CRDs_as_YamlDotNet_does()
    {
        var chart = Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "charts", "secretskit-agent");
        var rendered = await HelmTemplateAsync("r", chart, "--include-crds", "--set", "crds.install=true");
        var repeated = new RepeatedValues(); // the rendering's documents share their values, as the validator parses them
        var outcomes = Documents(rendered).Select(d => Compare(d, repeated)).ToList();
        Assert.True(outcomes.Count > 15);
        Assert.All(outcomes, o => Assert.Equal(Outcome.Light, o));
    }

    [Fact]
    public async Task Light_parse_reads_every_document_of_the_pipeline_app_as_YamlDotNet_does()
    {
        var chart = Path.Combine(SharedFixtures.RepositoryRoot, "examples", "pipeline-app");
        var rendered = await HelmTemplateAsync("r", chart, "--include-crds");
        var repeated = new RepeatedValues();
        Assert.All(Documents(rendered).Select(d => Compare(d, repeated)), o => Assert.Equal(Outcome.Light, o));
    }

    [Fact]
    public async Task Light_parse_agrees_with_YamlDotNet_on_the_other_charts_and_the_validation_chart()
    {
        var web = Path.Combine(SharedFixtures.RepositoryRoot, "examples", "helmfile", "charts", "web");
        foreach (var doc in Documents(await HelmTemplateAsync("r", web, "--include-crds"))) Compare(doc);
        using var chart = new ValidationChart();
        string[][] variants = [[], ["bugs.quotedReplicas=true"], ["bugs.typo=true", "bugs.yesBoolean=true"], ["bugs.plainSecret=true", "bugs.widgetSize=true"]];
        foreach (var sets in variants)
        {
            foreach (var doc in Documents(await chart.RenderAsync(sets))) Compare(doc);
        }
    }

    [Fact]
    public async Task Light_parse_agrees_with_YamlDotNet_on_mutations_of_the_agent_chart()
    {
        var chart = Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "charts", "secretskit-agent");
        var docs = Documents(await HelmTemplateAsync("r", chart, "--include-crds", "--set", "crds.install=true")).ToList();
        const string Alphabet = " :-#'\"|>[]{}\n\\&*!?,x1";
        var light = 0;
        var failed = new List<int>();
        for (var seed = 0; seed < 2000; seed++)
        {
            var random = new Random(seed);
            var doc = new StringBuilder(docs[random.Next(docs.Count)]);
            for (var m = random.Next(1, 4); m > 0 && doc.Length > 1; m--)
            {
                var at = random.Next(doc.Length);
                switch (random.Next(3))
                {
                    case 0: doc.Remove(at, 1); break;
                    case 1: doc.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: doc.Insert(at, "  "); break;
                }
            }
            switch (Compare(doc.ToString()))
            {
                case Outcome.Light: light++; break;
                case Outcome.YamlDotNetFailed: failed.Add(seed); break;
            }
        }
        Assert.True(light > 100, $"only {light} mutated documents were read by the light parser");
        Assert.True(failed.Count < 20, $"YamlDotNet failed on seeds {string.Join(", ", failed)}");
    }

    /// <summary>Documents the light parser reads itself.</summary>
    public static TheoryData<string> Readable() =>
    [
        "a: 1\nb: two\nc: \"3\"\nd: '4'\n",
        "# Source: x/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\n",
        "a:\nb: ~\nc: null\nd:   \ne: # just a comment\n",
        "a:\n  b:\n    c: 1\n  d: [] \ne: {}\nf: [ ]\ng: {  }\n",
        "list:\n- a\n- b\n-\n- c: 1\n  d: 2\nafter: 1\n",
        "list:\n  - a\n  -   b\n  -\n  - \n  - name: x\n    value: y\n",
        "verbs: [\"get\", 'list', watch, a.b/c, x-1, \"it's\", 'say ''hi''']\n",
        "s: \"tab\\there \\\"q\\\" back\\\\slash \\/ \\x41 \\u00e9 nul\\0\"\n",
        "s: 'it''s'\nt: ''\nu: \"\"\n",
        "url: http://example.com:8080/x\nkey:with: colon\ntime: 12:30\nhash: a#b\nc: value # comment\n",
        "\"quoted key\": 1\n'single': 2\n\"a: b\": 3\nplain key with spaces: 4\n",
        "n: -1\nf: 1.5e3\nb: yes\no: 0o17\nx: 0x1F\nd: 2001-12-14\nneg: -foo\n",
        "lit: |\n  line 1\n    indented\n\n  line 3\nnext: 1\n",
        "lit: |-\n  a\n  b\n\n\nnext: 1\n",
        "lit: |+\n  a\n  b\n\n\nnext: 1\n",
        "lit: |2\n    two extra\n  base\nnext: 1\n",
        "m:\n  lit: |2-\n      x\n    y\n",
        "fold: >\n  a\n  b\n\n  c\n\n\n  d\nnext: 1\n",
        "fold: >-\n  a\n  b\n",
        "fold: >+\n  a\n\n",
        "lead: |\n\n  after blank\n",
        "lead: >\n\n\n  after blanks\n  more\n",
        "root: 1\nseq:\n- |\n  in a sequence\n- >-\n  folded\n  too\n",
        "x: |1\n  y\n",
        "deep:\n  - a:\n    - x\n    - y\n    b: 1\n",
        "c: |\n  # not a comment\n  text\n# a comment\nd: 1\n",
        "a: 1\n  # indented comment\nb: 2\n",
        "emoji: \"é ü ✓\"\nplain: naïve\n",
        // text outside ASCII, parsed as UTF-8: keys, plain, quoted and block scalars folded over lines, escapes, flow items
        "clé: valeur\nnaïve key: ß\n\"ключ\": 'значение'\n日本: 語\n",
        "plain: première ligne\n  deuxième ligne\n\n  troisième\nq: \"ça va \\u20ac \\xe9\n  €uros\\\n  collé\"\n",
        "s: 'l''été'\nt: 'a\n  ü ''x''\n\n  ÿ'\n",
        "lit: |\n  α β\n    γ\n\n  δ\nfold: >-\n  ε\n  ζ\n\n  η\nverbs: [\"é\", 'ü', ok]\n",
        "long: \"ääääääääääääääääääääääääääääää\"\nlonger_than_the_shared_texts_ünïcödé_key_name: 1\n",
        "\n\n# only comments\n\n",
        "",
        "a: b\nlast: no newline",
        "a: \"x\"   # comment\nb: [a, b] # comment\n",
        "k8s:\n  annotations:\n    helm.sh/hook: pre-install\n    \"helm.sh/hook-weight\": \"-5\"\n",
        "a: |\n  x\n # less indented comment\nb: 1\n",
        "- a: |\n    x\n  b: 1\n".Replace("- ", "l:\n- ", StringComparison.Ordinal),
        "a  : spaced key\nb: trailing spaces   \nc: it's\nd: \"b: c\"\n",
        "a: |\n  x\n \n  y\n",
        "a: |\n  x\n\n\n",
        "a: |+\n  x\n\n\n",
        "a: |1\n   x\n",
        "a: [ \"x\" , y ]\nb: []  # c\nc: {}   # c\n",
        "a: 'x' # c\nb: \"y\" # c\n",
        "a: -\n".Replace("-", "'-'", StringComparison.Ordinal),
        "a: multi\n  line plain\n",
        "a: \"multi\n  line quoted\"\n",
        "a: 'multi\n  line'\n",
        "a:\n- x\n- y\n  z\n",
    ];

    [Theory]
    [MemberData(nameof(Readable))]
    public void Light_parse_reads_the_helm_shaped_subset_as_YamlDotNet_does(string doc)
    {
        Assert.Equal(Outcome.Light, Compare(doc));
    }

    /// <summary>Documents outside the subset: the light parser must give up (YamlDotNet parses them or reports the error).</summary>
    public static TheoryData<string> OutsideSubset() =>
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !custom x\n",
        "a: {b: 1}\n",
        "a: [1, [2]]\n",
        "a: [\n  1]\n",
        "? complex\n: key\n",
        "%YAML 1.1\n---\na: 1\n",
        "a:\n\tb: 1\n",
        "a: 1\r\nb: 2\r\n",
        "\uFEFFa: 1\n",
        "a: 1\na: 2\n",
        "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\na: 10\n",
        "a: 1\n b: 2\n",
        "a: b: c\n",
        "- a\n- b\n",
        "just a scalar\n",
        "a: |\nb: 1\n",
        "a: |\n  x\n    \n  y\n",
        "a: >\n  x\n    more indented\n  y\n",
        "a: \"\\N\\_\\L\\P\"\n",
        "a: \"\\ud800\"\n",
        "a: \"\\U0001F600\"\n",
        "a: 'x' y\n",
        "a: \"x\"y\n",
        "- - nested\n",
        "a: [a,]\n",
        "a: @x\n",
        "a: `x\n",
        "a: |\n  no newline at the end",
        "a: \u0085\n",
        "a: x\n...\n",
        "--- inline\na: 1\n",
        "a:\n  - x\n  b: 1\n",
        "a: 1\n# c\n  b: 2\n",
        "s:\n- |1\n  y\n",
    ];

    [Theory]
    [MemberData(nameof(OutsideSubset))]
    public void Light_parse_leaves_what_is_outside_the_subset_to_YamlDotNet(string doc)
    {
        Assert.Equal(Outcome.Fallback, Compare(doc));
    }

    [Fact]
    public void A_document_YamlDotNet_parses_through_aliases_becomes_a_shared_subtree()
    {
        var tree = (ManifestMapping)YamlEventTree.Parse("a: &x {k: v}\nb: *x\n")!;
        Assert.Same(tree.Find("a"), tree.Find("b"));
    }
}
