using System.Security.Cryptography;
using System.Text;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's random strings (goutils' <c>CryptoRandom*</c>: <c>randAlphaNum randAlpha randNumeric</c> from ASCII letters and
/// digits, <c>randAscii</c> from the printable ASCII range; a negative count is sprig's swallowed error, "") and
/// <c>uuidv4</c>. The length is bounded by the template's output budget.
/// </summary>
internal static class RandomFunctions
{
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";

    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["randAlphaNum"] = c => Random(c, Letters + Digits);
        t["randAlpha"] = c => Random(c, Letters);
        t["randNumeric"] = c => Random(c, Digits);
        t["randAscii"] = c => Random(c, string.Concat(Enumerable.Range(32, 95).Select(i => (char)i)));
        t["uuidv4"] = c => c.Exactly(0) is not null ? Guid.NewGuid().ToString("D") : "";
    }

    private static string Random(TemplateCall c, string alphabet)
    {
        var count = c.Exactly(1).Int(0);
        if (count <= 0) return "";
        c.EnsureFits(count);
        if (count > 100_000_000) throw new TemplateFunctionException("runtime error: makeslice: len out of range");
        var sb = new StringBuilder((int)count);
        for (var i = 0; i < count; i++) sb.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        return sb.ToString();
    }
}
