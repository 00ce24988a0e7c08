using System.Globalization;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Text;
using SecretsKit.Go.Time;

namespace SecretsKit.Core.Formats.Text;

/// <summary>sops <c>stores.ValToString</c>: how the flat formats (INI, dotenv) and flattened metadata write a scalar.</summary>
internal static class GoValueText
{
    /// <summary>
    /// The text of a scalar: strings as-is, ints in decimal, floats in Go <c>'G'</c> form with <c>.0</c> added when it has
    /// neither <c>.</c> nor <c>E</c>, bools <c>true</c>/<c>false</c>, times RFC 3339, null as empty. Returns null for
    /// mappings, sequences and comments (the caller decides what error that is).
    /// </summary>
    public static string? ToText(TreeNode node) => node switch
    {
        StringValue s => s.Value,
        BytesValue b => GoUtf8.Decode(b.Value),
        IntValue i => i.Value.ToString(CultureInfo.InvariantCulture),
        FloatValue f => FloatText(f.Value),
        BoolValue b => b.Value ? "true" : "false",
        TimeValue t => GoRfc3339.Format(t.Value, t.Nanoseconds),
        NullValue => "",
        _ => null,
    };

    private static string FloatText(double v)
    {
        var s = GoFloat.FormatG(v, upper: true);
        if (double.IsFinite(v) && s.IndexOf('.', StringComparison.Ordinal) < 0 && s.IndexOf('E', StringComparison.Ordinal) < 0) s += ".0";
        return s;
    }
}
