using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Refs;
using SecretsKit.Testing.Aws.SecretsManager;

namespace SecretsKit.Deploy.Tests.Refs;

/// <summary><c>ref+awssecrets://</c> against the Secrets Manager wire fake, with clients built from the environment.</summary>
public sealed class AwsRefTests
{
    [Fact]
    public async Task Awssecrets_refs_resolve_whole_values_and_json_keys_from_the_environment_configured_endpoint()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        aws.ExpectCredentials("AKIDDEPLOYTEST", "deploy/test/secret");
        aws.PutSecret("prod/api", "aws-token-77");
        aws.PutSecret("prod/db", """{"user":"app","port":5432}""");
        var env = new MapEnvironment(new Dictionary<string, string>
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = aws.BaseAddress.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "AKIDDEPLOYTEST",
            ["AWS_SECRET_ACCESS_KEY"] = "deploy/test/secret",
        }, "/", "/");
        var resolver = RefResolver.FromEnvironment(new KeySourceContext(env, SystemProcessRunner.Instance, TimeProvider.System), TestSops.Engine(), DecryptOptions.Default);
        var output = await YamlRefRewriter.RewriteAsync(
            "a: ref+awssecrets://prod/api\nb: ref+awssecrets://prod/db#/user\nc: ref+awssecrets://prod/db#/port\n", resolver, CancellationToken.None);
        Assert.Equal("a: \"aws-token-77\"\nb: \"app\"\nc: 5432\n", output);
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            YamlRefRewriter.RewriteAsync("a: ref+awssecrets://prod/none\n", resolver, CancellationToken.None));
        Assert.Contains("ref+awssecrets://prod/none", e.Message, StringComparison.Ordinal);
    }
}
