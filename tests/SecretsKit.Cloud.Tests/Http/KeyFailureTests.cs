using SecretsKit.Cloud.HuaweiCloud.Keys;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Testing.HuaweiCloud;

namespace SecretsKit.Cloud.Tests.Http;

/// <summary>A failed key operation names its provider once: a key source's own error is recognised by its type
/// (<see cref="ProviderException"/>), never by how its message starts.</summary>
public sealed class KeyFailureTests : IAsyncLifetime
{
    private FakeHuaweiKmsServer _kms = null!;

    public async Task InitializeAsync() => _kms = await FakeHuaweiKmsServer.StartAsync();

    public async Task DisposeAsync() => await _kms.DisposeAsync();

    [Fact]
    public void The_key_sources_own_error_gives_its_reason_without_repeating_the_provider()
    {
        var own = new ProviderException("kms", ExitCodes.CouldNotRetrieveKey, "AWS profile 'p' not found");

        Assert.Equal("kms: AWS profile 'p' not found", own.Message);
        Assert.Equal("kms: encrypting the data key with key 'k' failed: AWS profile 'p' not found",
            KeyFailure.Describe("kms", "encrypting the data key", "k", own));
        Assert.Equal(ExitCodes.CouldNotRetrieveKey, KeyFailure.Wrap("kms", "k", own).ExitCode);
    }

    [Fact]
    public void Another_providers_error_and_an_untyped_error_that_reads_alike_are_kept_whole()
    {
        var other = new ProviderException("s3", ExitCodes.Generic, "no AWS credentials found");
        var alike = new SecretsKitException(ExitCodes.Generic, "kms: looks like the key source's own words");

        Assert.Equal("kms: decrypting the data key with key 'k' failed: s3: no AWS credentials found",
            KeyFailure.Describe("kms", "decrypting the data key", "k", other));
        Assert.Equal("kms: decrypting the data key with key 'k' failed: kms: looks like the key source's own words",
            KeyFailure.Describe("kms", "decrypting the data key", "k", alike));
    }

    [Fact]
    public async Task A_credential_error_inside_a_real_key_operation_names_the_provider_once()
    {
        var env = _kms.CreateAccessKey().Environment();
        env[_kms.EndpointVariable.Key] = _kms.EndpointVariable.Value;
        env.Remove("HUAWEICLOUD_SDK_PROJECT_ID");
        var keyId = _kms.CreateKey();
        var source = new HckmsKeySource(TestContexts.With(env), TestContexts.FastRetries());

        var error = await Assert.ThrowsAsync<SecretsKitException>(() =>
            source.Parse(keyId, KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey()));

        Assert.Equal($"hckms: encrypting the data key with key '{keyId}' failed: HUAWEICLOUD_SDK_PROJECT_ID is not set", error.Message);
        Assert.Empty(_kms.Calls);
    }
}
