using System.Text;

namespace SecretsKit.Testing.Fuzz;

/// <summary>
/// Issue #61's generator of growing templates: random compositions, some in loops, of the functions that build a value
/// (serializers, formatting, string growth, list and map building, copies) over two variables that share structure. Used
/// by the in-process property test and by the seeded fuzz slice through the real agent process.
/// </summary>
public static class GrowthPrograms
{
    private static readonly string[] Steps =
    [
        "{{ $a = dict \"a\" $a \"b\" $b }}", "{{ $b = list $a $b $a }}", "{{ $a = b64enc (toString $a) }}",
        "{{ $b = quote $a $b $a }}", "{{ $a = cat $a $b $a }}", "{{ $b = repeat 3 (toString $a) }}", "{{ $a = toJson $b }}",
        "{{ $b = toPrettyJson (list $a $b) }}", "{{ $a = toRawJson (dict \"x\" $a \"y\" $b) }}", "{{ $a = printf \"%v%v\" $a $b }}",
        "{{ $b = replace \"a\" \"aaa\" (toString $b) }}", "{{ $a = join \",\" (list $a $b $a) }}", "{{ $b = concat (list $a) (list $b $b) }}",
        "{{ $a = append (list $a $a) $b }}", "{{ $b = deepCopy (list $a $b) }}", "{{ $a = indent 4 (toString $a) }}",
        "{{ $b = nindent 2 (toString $b) }}", "{{ $a = squote $a $b }}", "{{ $b = toStrings (list $a $b) }}", "{{ $a = upper (toString $a) }}",
        "{{ $b = print $a $b }}", "{{ $a = sha256sum (toString $a) }}", "{{ $b = dict (toString $a) $b \"c\" $a }}",
        "{{ $a = trunc 5000 (toString $a) }}", "{{ $b = until 1000 }}", "{{ $a = fromJson (toJson $b) }}",
    ];

    /// <summary>The steps only flavours with <c>toYaml</c> (ESO's, helmfile's) can run.</summary>
    private static readonly string[] YamlSteps = ["{{ $b = toYaml (list $a $b) }}", "{{ $a = toYaml (dict \"k\" $b) }}"];

    private const string Dag = "{{ $a := dict \"k\" \"vvvvvvvvvv\" }}{{ range until 40 }}{{ $a = dict \"a\" $a \"b\" $a }}{{ end }}";

    /// <summary>
    /// The fixed cases issue #61 found by fuzzing: a map sharing one sub-map 40 levels deep written out by <c>toYaml</c>,
    /// <c>toJson</c> and <c>toString</c>; <c>b64enc</c> and <c>quote</c> chained 40 times over a million characters.
    /// </summary>
    public static readonly (string Name, string Template)[] Known =
    [
        ("dag-toyaml", Dag + "{{ toYaml $a | len }}"),
        ("dag-tojson", Dag + "{{ toJson $a | len }}"),
        ("dag-tostring", Dag + "{{ toString (list $a $a) | len }}"),
        ("b64enc", "{{ $s := repeat 1000000 \"a\" }}{{ range until 40 }}{{ $s = b64enc $s }}{{ end }}{{ len $s }}"),
        ("quote", "{{ $s := repeat 1000000 \"a\" }}{{ range until 40 }}{{ $s = quote $s $s }}{{ end }}{{ len $s }}"),
    ];

    /// <summary>One program of 5 to 39 steps, a quarter of them in a loop of 2 to 29 rounds; it prints both variables' lengths.</summary>
    public static string Next(Random random, bool withYaml)
    {
        string[] steps = withYaml ? [.. Steps, .. YamlSteps] : Steps;
        var sb = new StringBuilder("{{ $a := \"seed\" }}{{ $b := dict \"k\" \"vvvvvvvvvv\" }}");
        var count = random.Next(5, 40);
        for (var i = 0; i < count; i++)
        {
            var step = steps[random.Next(steps.Length)];
            sb.Append(random.Next(4) == 0 ? $"{{{{ range until {random.Next(2, 30)} }}}}{step}{{{{ end }}}}" : step);
        }
        return sb.Append("{{ len (toString $a) }} {{ len (toString $b) }}").ToString();
    }
}
