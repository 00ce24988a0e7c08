using SecretsKit.Agent.Generators.Shared;

namespace SecretsKit.Agent.Generators.Password;

/// <summary>
/// How ESO's <c>Password</c> generator writes each password (<c>spec.encoding</c>): <c>raw</c> (the default) as it is,
/// <c>base64</c> and <c>base64url</c> with <c>=</c> padding (Go's <c>StdEncoding</c> and <c>URLEncoding</c>),
/// <c>base32</c> padded (RFC 4648 alphabet), <c>hex</c> in lower case. Like ESO, any other value is written raw (the
/// CRD's enum refuses it before the agent sees it).
/// </summary>
internal static class PasswordEncoding
{
    public static byte[] Encode(byte[] password, string? encoding) => encoding switch
    {
        "base64" => Ascii(Convert.ToBase64String(password)),
        "base64url" => Ascii(Convert.ToBase64String(password).Replace('+', '-').Replace('/', '_')),
        "base32" => Ascii(Base32.EncodePadded(password)),
        "hex" => Ascii(Convert.ToHexStringLower(password)),
        _ => password,
    };

    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);
}
