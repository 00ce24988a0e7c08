using System.Text.RegularExpressions;

namespace SecretsKit.Testing.Aws.Kms;

/// <summary>The parts of a SigV4 <c>Authorization</c> header a fake checks: well-formed, right service, scope region.</summary>
public sealed partial record AwsRequestSignature(string AccessKeyId, string Date, string Region, string Service, string SignedHeaders)
{
    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]+)/(\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"^\d{8}T\d{6}Z$")]
    private static partial Regex AmzDatePattern();

    /// <summary>Parses the header pair, or returns null when either is missing or malformed.</summary>
    public static AwsRequestSignature? TryParse(string? authorization, string? amzDate)
    {
        if (authorization is null || amzDate is null || !AmzDatePattern().IsMatch(amzDate))
        {
            return null;
        }
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success || match.Groups[2].Value != amzDate[..8])
        {
            return null;
        }
        var signed = match.Groups[5].Value;
        if (!signed.Split(';').Contains("host") || !signed.Split(';').Contains("x-amz-date"))
        {
            return null;
        }
        return new AwsRequestSignature(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value,
            match.Groups[4].Value, signed);
    }
}
