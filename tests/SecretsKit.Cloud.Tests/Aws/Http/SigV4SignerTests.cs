using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Http;

namespace SecretsKit.Cloud.Tests.Aws.Http;

/// <summary>Checks against the example values published with the AWS SigV4 documentation and test suite.</summary>
public sealed class SigV4SignerTests
{
    private static readonly ImmutableCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTime ExampleTime = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Get_vanilla_from_the_aws_test_suite_signs_to_the_published_signature()
    {
        var (canonical, signed) = SigV4Signer.Canonicalize("GET", new Uri("https://example.amazonaws.com/"),
            [new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")], EmptySha256);

        var authorization = SigV4Signer.Authorization(Example, "us-east-1", "service", ExampleTime, signed, canonical);

        Assert.Equal("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptySha256, canonical);
        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
                     "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", authorization);
    }

    [Fact]
    public void Iam_list_users_example_from_the_aws_documentation_signs_to_the_published_signature()
    {
        var (canonical, signed) = SigV4Signer.Canonicalize("GET", new Uri("https://iam.amazonaws.com/?Version=2010-05-08&Action=ListUsers"),
            [new("content-type", "application/x-www-form-urlencoded; charset=utf-8"), new("host", "iam.amazonaws.com"), new("x-amz-date", "20150830T123600Z")],
            EmptySha256);

        var authorization = SigV4Signer.Authorization(Example, "us-east-1", "iam", ExampleTime, signed, canonical);

        Assert.Equal("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59", SigV4Signer.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(canonical)));
        Assert.EndsWith("Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_values_are_trimmed_and_inner_spaces_collapsed()
    {
        var (canonical, signed) = SigV4Signer.Canonicalize("POST", new Uri("https://x.amazonaws.com/"),
            [new("My-Header1", "  value1  "), new("My-Header2", "\"a   b   c\""), new("host", "x.amazonaws.com")], EmptySha256);

        Assert.Contains("my-header1:value1\nmy-header2:\"a b c\"\n", canonical, StringComparison.Ordinal);
        Assert.Equal("host;my-header1;my-header2", signed);
    }
}
