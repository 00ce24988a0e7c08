using SecretsKit.Go.Base64;
using SecretsKit.Go.Text;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's encoding functions <c>b64enc b64dec b32enc b32dec</c> over the bytes of Go strings. sprig has no
/// <c>toYaml</c>/<c>fromYaml</c>: the ESO and helmfile flavours add their tool's own.
/// </summary>
internal static class EncodingFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["b64enc"] = c => Convert.ToBase64String(GoString.ToBytes(c.Exactly(1).String(0)));
        // sprig returns the decode error's text as the value, as here (Go: "illegal base64 data at input byte N")
        t["b64dec"] = c => Decoded(GoBase64.Decode64(GoString.ToBytes(c.Exactly(1).String(0))));
        t["b32enc"] = c => GoBase64.Encode32(GoString.ToBytes(c.Exactly(1).String(0)));
        t["b32dec"] = c => Decoded(GoBase64.Decode32(GoString.ToBytes(c.Exactly(1).String(0))));
    }

    /// <summary>The decoded bytes as a Go string (binary kept byte for byte), or sprig's value on error: the error's text.</summary>
    private static string Decoded((byte[] Bytes, string? Error) result) => result.Error ?? GoString.FromBytes(result.Bytes);
}
