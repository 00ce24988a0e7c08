using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Aws.Keys;

/// <summary>AWS KMS keys: <c>--kms arn[+role]</c>, <c>SOPS_KMS_ARN</c>, <c>kms:</c> in <c>.sops.yaml</c>, <c>kms</c> entries.</summary>
public sealed class KmsKeySource : IKeySource
{
    // Built on first use: the factory's types pull in the AWS SDK, which a process that never meets a KMS key
    // (every age/PGP-only decrypt) should not load at start-up.
    private readonly Lazy<KmsClientFactory> _clients;
    private readonly TimeProvider _time;

    public KmsKeySource(KeySourceContext context, CloudKeyOptions? options = null)
    {
        var effective = options ?? CloudKeyOptions.Default;
        _clients = new Lazy<KmsClientFactory>(() => new KmsClientFactory(context, effective));
        _time = context.Time;
    }

    public KeyKind Kind => KeyKinds.Kms;

    public IMasterKey Parse(string text, KeyParseOptions options)
    {
        var (arn, role) = KmsArn.SplitRole(text);
        return Create(arn, role, options.EncryptionContext, options.AwsProfile ?? "");
    }

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context) =>
        Create(Field(fields, "arn"), Field(fields, "role"), context, Field(fields, "aws_profile"));

    // Checked like a key from a flag: a malformed ARN in a file becomes a failed unwrap attempt, with no request made.
    public IMasterKey FromEntry(MasterKeyEntry entry) =>
        Create(entry.Field("arn"), entry.Field("role"), entry.Context, entry.Field("aws_profile"));

    /// <summary>A key with explicit parts (what the CLI and tests use).</summary>
    public KmsMasterKey Create(string arn, string role = "", IReadOnlyDictionary<string, string>? context = null, string awsProfile = "")
    {
        if (!KmsArn.IsValid(arn))
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"kms: '{Echo.Bounded(arn)}' is not a KMS key ARN (expected arn:aws:kms:<region>:<account>:key/<id> or alias/<name>)");
        }
        if (KmsArn.RegionProblem(arn) is { } problem) throw new SecretsKitException(ExitCodes.Generic, problem);
        return new KmsMasterKey(arn, role, context, awsProfile, _clients.Value, _time);
    }

    private static string Field(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value.Trim() : "";
}
