using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.KeyService;

/// <summary>
/// The server side of sops's key service, without the network: decodes a request, asks <see cref="Confirm"/> when
/// set (<c>--prompt</c>), and wraps or unwraps with the registered key source of the key's kind, with this process's own
/// identities and credentials. Logs each answered request with the key that did the work (for a decrypt, the key that
/// actually opened it: an age recipient in the request is only a claim), never a plaintext. Failures are <see cref="KeyServiceException"/>
/// with the status sops's server answers (an unknown key <c>NotFound</c>, a refusal <c>PermissionDenied</c>, a failed
/// key operation <c>Unknown</c> with its message).
/// </summary>
public sealed class KeyServiceDispatcher(KeySourceRegistry registry, Action<string> log)
{
    public const string EncryptPath = "/KeyService/Encrypt";
    public const string DecryptPath = "/KeyService/Decrypt";

    /// <summary>Asked before each request with (<c>encrypt</c>|<c>decrypt</c>, key description); false refuses it.</summary>
    public Func<string, string, CancellationToken, Task<bool>>? Confirm { get; init; }

    /// <summary>Answers one unary call on <paramref name="path"/>; returns the response message.</summary>
    public async Task<byte[]> HandleAsync(string path, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var encrypt = path == EncryptPath;
        if (!encrypt && path != DecryptPath) throw new KeyServiceException(GrpcStatusCode.Unimplemented, $"unknown method {path}");
        KeyServiceRequest request;
        try
        {
            request = KeyServiceCodec.DecodeRequest(message.Span);
        }
        catch (FormatException e)
        {
            throw new KeyServiceException(GrpcStatusCode.Internal, $"cannot parse the request: {e.Message}");
        }
        var operation = encrypt ? "encrypt" : "decrypt";
        var source = registry.Find(request.Key.KeyType)
            ?? throw new KeyServiceException(GrpcStatusCode.NotFound, $"Unknown key type {request.Key.KeyType}");
        var key = Build(source, request.Key);
        if (Confirm is { } confirm && !await confirm(operation, $"{key.KeyType} key {key.Identifier}", cancellationToken).ConfigureAwait(false))
        {
            log($"{operation} request with {Described(key.KeyType, key.Identifier)} rejected by the user");
            throw new KeyServiceException(GrpcStatusCode.PermissionDenied, "Request rejected by user");
        }
        cancellationToken.ThrowIfCancellationRequested();
        byte[] result;
        if (encrypt)
        {
            result = await EncryptAsync(key, request.Data, cancellationToken).ConfigureAwait(false);
            log($"encrypt request with {Described(key.KeyType, key.Identifier)}");
        }
        else
        {
            var unwrapped = await DecryptAsync(key, request.Key, request.Data, cancellationToken).ConfigureAwait(false);
            result = unwrapped.DataKey!;
            log($"decrypt request with {Described(key.KeyType, unwrapped.UnwrappedBy ?? key.Identifier)}");
        }
        return KeyServiceCodec.EncodeResponse(result);
    }

    /// <summary>Longest key name logged whole; a longer one (a post-quantum age recipient is ~2,000 characters) is shortened.</summary>
    public const int LoggedKeyLength = 80;

    /// <summary>A key for the log: its kind and name, a long name cut to its start and end (it is client text: the log's writer escapes it).</summary>
    public static string Described(string keyType, string identifier) =>
        $"{keyType} key {(identifier.Length <= LoggedKeyLength ? identifier : $"{identifier[..40]}…{identifier[^12..]} ({identifier.Length} characters)")}";

    private static IMasterKey Build(IKeySource source, MasterKeyEntry entry)
    {
        try
        {
            return source.FromEntry(entry);
        }
        catch (SecretsKitException e)
        {
            throw new KeyServiceException(GrpcStatusCode.InvalidArgument, e.Message);
        }
    }

    private static async Task<byte[]> EncryptAsync(IMasterKey key, byte[] plaintext, CancellationToken cancellationToken)
    {
        try
        {
            var wrapped = await key.WrapAsync(plaintext, cancellationToken).ConfigureAwait(false);
            return Encoding.UTF8.GetBytes(wrapped.Enc);
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException or FormatException or InvalidOperationException)
        {
            throw new KeyServiceException(GrpcStatusCode.Unknown, e.Message);
        }
    }

    private static async Task<UnwrapResult> DecryptAsync(IMasterKey key, MasterKeyEntry entry, byte[] ciphertext, CancellationToken cancellationToken)
    {
        string enc;
        try
        {
            enc = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(ciphertext);
        }
        catch (DecoderFallbackException)
        {
            throw new KeyServiceException(GrpcStatusCode.InvalidArgument, "the ciphertext is not the text of an enc value");
        }
        var result = await key.UnwrapAsync(entry.WithField("enc", enc), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result : throw new KeyServiceException(GrpcStatusCode.Unknown, result.Reason);
    }
}
