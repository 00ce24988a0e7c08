using SecretsKit.Cloud.Aws.Keys;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Testing.Aws.Kms;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cloud.Tests.Aws.Keys;

public sealed class KmsMasterKeyTests : IAsyncLifetime
{
    private FakeKmsServer _kms = null!;

    public async Task InitializeAsync() => _kms = await FakeKmsServer.StartAsync();

    public async Task DisposeAsync() => await _kms.DisposeAsync();

    private Dictionary<string, string> Env(params (string Name, string Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDTESTFAKE",
            ["AWS_SECRET_ACCESS_KEY"] = "secret-key-never-shown",
            ["AWS_ENDPOINT_URL_KMS"] = _kms.BaseAddress.ToString(),
        };
        foreach (var (name, value) in extra)
        {
            env[name] = value;
        }
        return env;
    }

    private KmsKeySource Source(Dictionary<string, string>? env = null, TimeProvider? time = null) =>
        new(TestContexts.With(env ?? Env(), time), TestContexts.FastRetries());

    [Fact]
    public async Task Wrap_then_unwrap_round_trips_the_data_key_through_kms()
    {
        var arn = _kms.CreateKey("eu-west-3");
        var key = Source().Parse(arn, KeyParseOptions.None);
        var dataKey = TestContexts.NewDataKey();

        var entry = await key.WrapAsync(dataKey);
        var result = await Source().FromEntry(entry).UnwrapAsync(entry);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(dataKey, result.DataKey);
        Assert.Equal(1, _kms.CountCalls("Encrypt"));
        Assert.Equal(1, _kms.CountCalls("Decrypt"));
    }

    [Fact]
    public async Task Entry_has_exactly_sops_kms_field_names_with_aws_profile_always_present()
    {
        var arn = _kms.CreateKey();
        var withContext = new Dictionary<string, string> { ["Role"] = "web", ["Env"] = "prod" };
        var entry = await Source().Parse(arn, new KeyParseOptions(withContext)).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal("kms", entry.KeyType);
        Assert.Equal(new[] { "arn", "aws_profile", "created_at", "enc" }, entry.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("", entry.Fields["aws_profile"]);
        Assert.Equal(arn, entry.Fields["arn"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", entry.Fields["created_at"]);
        Assert.Equal(new[] { "Env", "Role" }, entry.Context!.Keys);
        Assert.NotEmpty(Convert.FromBase64String(entry.Enc));
    }

    [Fact]
    public async Task Entry_of_a_key_with_role_has_role_field()
    {
        var arn = _kms.CreateKey();
        var env = Env(("AWS_ENDPOINT_URL_STS", _kms.BaseAddress.ToString()));
        var entry = await Source(env).Parse(arn + "+arn:aws:iam::111122223333:role/sops", KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(new[] { "arn", "aws_profile", "created_at", "enc", "role" }, entry.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("arn:aws:iam::111122223333:role/sops", entry.Fields["role"]);
        Assert.Null(entry.Context);
    }

    [Fact]
    public async Task Unwrap_with_a_different_encryption_context_fails_naming_provider_key_and_status()
    {
        var arn = _kms.CreateKey();
        var dataKey = TestContexts.NewDataKey();
        var entry = await Source().Parse(arn, new KeyParseOptions(new Dictionary<string, string> { ["app"] = "a" })).WrapAsync(dataKey);
        var tampered = entry with { Context = new Dictionary<string, string> { ["app"] = "b" } };

        var result = await Source().FromEntry(tampered).UnwrapAsync(tampered);

        Assert.False(result.Succeeded);
        Assert.False(result.NotApplicable);
        TestContexts.AssertSafeMessage(result.Reason, dataKey, "kms", arn, "400", "InvalidCiphertextException");
        Assert.DoesNotContain("secret-key-never-shown", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Region_is_taken_from_the_arn_for_signing()
    {
        var arn = _kms.CreateKey("ap-southeast-2");

        await Source().Parse(arn, KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        var call = Assert.Single(_kms.Calls);
        Assert.Equal("ap-southeast-2", call.Region);
        Assert.Equal("AKIDTESTFAKE", call.AccessKeyId);
    }

    [Fact]
    public async Task Service_specific_endpoint_AWS_ENDPOINT_URL_KMS_wins_over_AWS_ENDPOINT_URL()
    {
        await using var other = await FakeKmsServer.StartAsync();
        var arn = _kms.CreateKey();
        var env = Env(("AWS_ENDPOINT_URL", other.BaseAddress.ToString()));

        await Source(env).Parse(arn, KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Single(_kms.Calls);
        Assert.Empty(other.Calls);
    }

    [Fact]
    public async Task Generic_AWS_ENDPOINT_URL_is_used_when_no_kms_specific_one_is_set()
    {
        var arn = _kms.CreateKey();
        var env = Env();
        env.Remove("AWS_ENDPOINT_URL_KMS");
        env["AWS_ENDPOINT_URL"] = _kms.BaseAddress.ToString();

        await Source(env).Parse(arn, KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Single(_kms.Calls);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_success()
    {
        var arn = _kms.CreateKey();
        _kms.InjectFault(FakeFault.ServerError(), times: 2);
        var dataKey = TestContexts.NewDataKey();

        var entry = await Source().Parse(arn, KeyParseOptions.None).WrapAsync(dataKey);

        Assert.Equal(3, _kms.CountCalls("Encrypt"));
        Assert.Equal(dataKey, (await Source().FromEntry(entry).UnwrapAsync(entry)).DataKey);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(400)]
    public async Task ThrottlingException_is_retried(int status)
    {
        var arn = _kms.CreateKey();
        _kms.InjectFault(status == 429
            ? FakeFault.TooManyRequests(TimeSpan.FromSeconds(1), "ThrottlingException")
            : FakeFault.Throttling("ThrottlingException") with { RetryAfter = TimeSpan.FromSeconds(1) });

        await Source().Parse(arn, KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(2, _kms.CountCalls("Encrypt"));
    }

    [Fact]
    public async Task Throttling_429_waits_the_servers_Retry_After_before_retrying()
    {
        var arn = _kms.CreateKey();
        var time = new RecordingTimeProvider();
        _kms.InjectFault(FakeFault.TooManyRequests(TimeSpan.FromSeconds(1), "ThrottlingException"));

        await Source(time: time).Parse(arn, KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(2, _kms.CountCalls("Encrypt"));
        Assert.Contains(TimeSpan.FromSeconds(1), time.DueTimes);
    }

    [Fact]
    public async Task Access_denied_403_is_not_retried_and_the_error_names_provider_key_and_status()
    {
        var arn = _kms.CreateKey();
        _kms.InjectFault(FakeFault.Forbidden("AccessDeniedException"));
        var dataKey = TestContexts.NewDataKey();

        var error = await Assert.ThrowsAsync<SecretsKitException>(() => Source().Parse(arn, KeyParseOptions.None).WrapAsync(dataKey));

        Assert.Equal(1, _kms.CountCalls("Encrypt"));
        TestContexts.AssertSafeMessage(error.Message, dataKey, "kms", arn, "403", "AccessDeniedException");
        Assert.DoesNotContain("secret-key-never-shown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_is_assumed_through_sts_and_kms_is_called_with_the_temporary_credentials()
    {
        var arn = _kms.CreateKey("eu-central-1");
        var role = "arn:aws:iam::111122223333:role/sops-decrypt";
        var env = Env(("AWS_ENDPOINT_URL_STS", _kms.BaseAddress.ToString()));
        var dataKey = TestContexts.NewDataKey();

        var entry = await Source(env).Parse(arn + "+" + role, KeyParseOptions.None).WrapAsync(dataKey);

        var assume = Assert.Single(_kms.Calls, c => c.Operation == "AssumeRole");
        Assert.Equal(("eu-central-1", "AKIDTESTFAKE", role), (assume.Region, assume.AccessKeyId, assume.KeyId));
        var encrypt = Assert.Single(_kms.Calls, c => c.Operation == "Encrypt");
        Assert.Equal(role, _kms.AssumedRoles[encrypt.AccessKeyId]);
        Assert.True(encrypt.HasSessionToken);
        Assert.Equal(dataKey, (await Source(env).FromEntry(entry).UnwrapAsync(entry)).DataKey);
    }

    [Fact]
    public async Task Aws_profile_selects_credentials_from_the_shared_credentials_file()
    {
        var dir = Directory.CreateTempSubdirectory("sk-kms-");
        try
        {
            var file = Path.Combine(dir.FullName, "credentials");
            await File.WriteAllTextAsync(file,
                "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n\n[dev]\naws_access_key_id = AKIDDEVPROFILE\naws_secret_access_key = s2\n");
            var env = Env(("AWS_SHARED_CREDENTIALS_FILE", file));
            var arn = _kms.CreateKey();

            var entry = await Source(env).Parse(arn, new KeyParseOptions(AwsProfile: "dev")).WrapAsync(TestContexts.NewDataKey());

            Assert.Equal("dev", entry.Fields["aws_profile"]);
            Assert.Equal("AKIDDEVPROFILE", Assert.Single(_kms.Calls).AccessKeyId);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parse_rejects_a_non_kms_arn()
    {
        var error = Assert.Throws<SecretsKitException>(() => Source().Parse("arn:aws:s3:::bucket", KeyParseOptions.None));
        Assert.Contains("not a KMS key ARN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encryption_context_parse_reads_pairs_and_rejects_malformed_with_exit_6()
    {
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, KmsEncryptionContext.Parse("a:1,b:2"));
        Assert.Equal(ExitCodes.InvalidKmsEncryptionContextFormat, Assert.Throws<SecretsKitException>(() => KmsEncryptionContext.Parse("a=1")).ExitCode);
    }

    [Fact]
    public void Sts_session_name_is_sops_at_hostname_within_sts_limits()
    {
        Assert.Equal("sops@build-host.example", StsAssumeRoleCredentials.SessionName("build-host.example"));
        Assert.Equal(64, StsAssumeRoleCredentials.SessionName(new string('h', 100)).Length);
        Assert.Equal("sops@badname", StsAssumeRoleCredentials.SessionName("bad name!"));
    }
}
