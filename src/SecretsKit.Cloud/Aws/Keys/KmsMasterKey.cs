using Amazon.KeyManagementService.Model;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Cloud.Aws.Keys;

/// <summary>An AWS KMS key (<c>kms</c> entries): Encrypt/Decrypt of the data key with an optional role, profile and context.</summary>
public sealed class KmsMasterKey : IMasterKey
{
    private readonly KmsClientFactory _clients;
    private readonly TimeProvider _time;

    internal KmsMasterKey(string arn, string role, IReadOnlyDictionary<string, string>? context, string awsProfile,
        KmsClientFactory clients, TimeProvider time)
    {
        Arn = arn;
        Role = role;
        Context = context is { Count: > 0 } ? new SortedDictionary<string, string>(context.ToDictionary(), StringComparer.Ordinal) : null;
        AwsProfile = awsProfile;
        _clients = clients;
        _time = time;
    }

    public string Arn { get; }

    /// <summary>IAM role assumed through STS before calling KMS; empty for none.</summary>
    public string Role { get; }

    /// <summary>The encryption context (additional authenticated data), or null.</summary>
    public IReadOnlyDictionary<string, string>? Context { get; }

    /// <summary>Shared-config profile; empty for the default credential chain.</summary>
    public string AwsProfile { get; }

    public string KeyType => KeyKinds.Kms.MetadataKey;

    public string Identifier => Arn;

    /// <summary>The metadata entry naming this key, without <c>enc</c> (what a sops key service is sent).</summary>
    public MasterKeyEntry Describe()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["arn"] = Arn };
        if (Role.Length > 0) fields["role"] = Role;
        fields["created_at"] = Rfc3339.Now(_time);
        fields["aws_profile"] = AwsProfile;
        return new MasterKeyEntry(KeyType, fields, Context);
    }

    public async Task<MasterKeyEntry> WrapAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = _clients.Create(Arn, Role, AwsProfile);
            var request = new EncryptRequest { KeyId = Arn, Plaintext = new MemoryStream(payload.ToArray(), writable: false) };
            if (Context is not null)
            {
                request.EncryptionContext = new Dictionary<string, string>(Context, StringComparer.Ordinal);
            }
            var response = await client.EncryptAsync(request, cancellationToken).ConfigureAwait(false);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["arn"] = Arn };
            if (Role.Length > 0)
            {
                fields["role"] = Role;
            }
            fields["created_at"] = Rfc3339.Now(_time);
            fields["enc"] = Convert.ToBase64String(response.CiphertextBlob.ToArray());
            fields["aws_profile"] = AwsProfile;
            return new MasterKeyEntry(KeyType, fields, Context);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            throw KeyFailure.Wrap(KeyType, Arn, error);
        }
    }

    public async Task<UnwrapResult> UnwrapAsync(MasterKeyEntry entry, CancellationToken cancellationToken = default)
    {
        if (entry.KeyType != KeyType)
        {
            return UnwrapResult.NotMine($"kms: entry is of type '{entry.KeyType}'");
        }
        try
        {
            var blob = Convert.FromBase64String(entry.Enc);
            using var client = _clients.Create(Arn, Role, AwsProfile);
            var request = new DecryptRequest { KeyId = Arn, CiphertextBlob = new MemoryStream(blob, writable: false) };
            if (Context is not null)
            {
                request.EncryptionContext = new Dictionary<string, string>(Context, StringComparer.Ordinal);
            }
            var response = await client.DecryptAsync(request, cancellationToken).ConfigureAwait(false);
            return UnwrapResult.Success(response.Plaintext.ToArray());
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return UnwrapResult.Failed(KeyFailure.Describe(KeyType, "decrypting the data key", Arn, error));
        }
    }

    public override string ToString() => Arn;
}
