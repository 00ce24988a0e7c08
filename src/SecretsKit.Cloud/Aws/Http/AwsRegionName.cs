namespace SecretsKit.Cloud.Aws.Http;

/// <summary>
/// An AWS region name as a tenant or the environment writes it (<c>eu-west-1</c>, <c>us-gov-west-1</c>): lower-case letters,
/// digits and inner dashes, at most 32 characters. It becomes part of a host name (<c>sts.REGION.amazonaws.com</c>) and of
/// what a request is signed for, so nothing else may pass.
/// </summary>
public static class AwsRegionName
{
    public static bool IsValid(string? region) =>
        region is { Length: > 0 and <= 32 } && region.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && region[0] != '-' && region[^1] != '-';
}
