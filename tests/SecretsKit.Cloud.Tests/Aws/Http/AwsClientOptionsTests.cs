using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Tests.Aws.Http;

public sealed class AwsClientOptionsTests
{
    private static MapEnvironment Env(params (string, string)[] vars) => new(vars.ToDictionary(v => v.Item1, v => v.Item2), "/nonexistent", "/");

    [Fact]
    public void Service_specific_endpoint_wins_over_the_global_one()
    {
        var env = Env(("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL", "http://global:4566"), ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://sm:4566"));

        var sm = AwsClientOptions.FromEnvironment(env, "SECRETS_MANAGER");
        var ssm = AwsClientOptions.FromEnvironment(env, "SSM");

        Assert.Equal(new Uri("http://sm:4566"), sm.Endpoint);
        Assert.Equal(new Uri("http://global:4566"), ssm.Endpoint);
        Assert.Equal("eu-west-1", sm.Region);
    }

    [Fact]
    public void Default_endpoint_is_the_regional_service_host()
    {
        var options = AwsClientOptions.FromEnvironment(Env(("AWS_DEFAULT_REGION", "ap-south-1")), "SSM");

        Assert.Equal(new Uri("https://ssm.ap-south-1.amazonaws.com/"), options.ResolveEndpoint("ssm"));
        Assert.Equal(new Uri("https://secretsmanager.cn-north-1.amazonaws.com.cn/"), (options with { Region = "cn-north-1" }).ResolveEndpoint("secretsmanager"));
    }

    [Fact]
    public void Explicit_region_wins_and_static_credentials_come_from_the_environment()
    {
        var options = AwsClientOptions.FromEnvironment(
            Env(("AWS_REGION", "eu-west-1"), ("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "secret"), ("AWS_SESSION_TOKEN", "tok")), "SSM", "us-west-2");

        var creds = options.Credentials!.GetCredentials();

        Assert.Equal("us-west-2", options.Region);
        Assert.Equal(("AKID", "tok"), (creds.AccessKey, creds.Token));
    }

    [Fact]
    public void Missing_region_is_an_actionable_error()
    {
        var ex = Assert.Throws<SecretsKitException>(() => AwsClientOptions.FromEnvironment(Env(), "SSM"));

        Assert.Contains("AWS_REGION", ex.Hint, StringComparison.Ordinal);
    }
}
