using System.Text;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.KeyService;

/// <summary>
/// Encodes and decodes sops's key service messages (<c>keyservice.proto</c> next to this file). A key travels as its
/// kind's <see cref="KeyServiceShape"/> says, so this file names no key kind.
/// </summary>
public static class KeyServiceCodec
{
    private const int KeyField = 1;
    private const int DataField = 2;
    private const int ResponseField = 1;

    /// <summary>An <c>EncryptRequest</c> (plaintext) or <c>DecryptRequest</c> (ciphertext): both are <c>key = 1, bytes = 2</c>.</summary>
    public static byte[] EncodeRequest(MasterKeyEntry key, ReadOnlySpan<byte> data) =>
        new ProtoWriter().Message(KeyField, EncodeKey(key)).Bytes(DataField, data).ToArray();

    /// <summary>Reads a request; an absent or unknown key is <see cref="GrpcStatusCode.NotFound"/>, as sops's server answers.</summary>
    public static KeyServiceRequest DecodeRequest(ReadOnlySpan<byte> message)
    {
        MasterKeyEntry? key = null;
        var data = Array.Empty<byte>();
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var value))
        {
            if (field == KeyField) key = DecodeKey(value);
            else if (field == DataField) data = value.ToArray();
        }
        return new KeyServiceRequest(key ?? throw new KeyServiceException(GrpcStatusCode.NotFound, "Must provide a key"), data);
    }

    /// <summary>An <c>EncryptResponse</c> or <c>DecryptResponse</c>: <c>bytes = 1</c>.</summary>
    public static byte[] EncodeResponse(ReadOnlySpan<byte> data) => new ProtoWriter().Bytes(ResponseField, data).ToArray();

    public static byte[] DecodeResponse(ReadOnlySpan<byte> message)
    {
        var result = Array.Empty<byte>();
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var value))
        {
            if (field == ResponseField) result = value.ToArray();
        }
        return result;
    }

    private static byte[] EncodeKey(MasterKeyEntry key)
    {
        var kind = KeyKinds.All.FirstOrDefault(k => k.MetadataKey == key.KeyType);
        var shape = kind?.KeyService ?? throw new KeyServiceException(GrpcStatusCode.InvalidArgument,
            $"a {key.KeyType} key cannot be sent to a key service");
        var inner = new ProtoWriter();
        foreach (var (number, name) in shape.Fields) inner.String(number, key.Field(name));
        if (shape.ContextField > 0 && key.Context is { } context)
        {
            foreach (var (k, v) in context.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                inner.Message(shape.ContextField, new ProtoWriter().String(1, k).String(2, v).ToArray());
            }
        }
        return new ProtoWriter().Message(shape.OneofField, inner.ToArray()).ToArray();
    }

    private static MasterKeyEntry DecodeKey(ReadOnlySpan<byte> message)
    {
        MasterKeyEntry? key = null;
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var value))
        {
            // A oneof: the last member present wins, as in every protobuf decoder.
            var kind = KeyKinds.All.FirstOrDefault(k => k.KeyService?.OneofField == field);
            if (kind is not null) key = DecodeKind(kind, kind.KeyService!, value);
        }
        return key ?? throw new KeyServiceException(GrpcStatusCode.NotFound, "Unknown key type");
    }

    private static MasterKeyEntry DecodeKind(KeyKind kind, KeyServiceShape shape, ReadOnlySpan<byte> message)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, string>? context = null;
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var value))
        {
            if (field == shape.ContextField && shape.ContextField > 0)
            {
                var (k, v) = DecodeMapEntry(value);
                (context ??= new Dictionary<string, string>(StringComparer.Ordinal))[k] = v;
                continue;
            }
            foreach (var (number, name) in shape.Fields)
            {
                if (number == field) fields[name] = Text(value);
            }
        }
        return new MasterKeyEntry(kind.MetadataKey, fields, context);
    }

    private static (string Key, string Value) DecodeMapEntry(ReadOnlySpan<byte> entry)
    {
        string key = "", value = "";
        var reader = new ProtoReader(entry);
        while (reader.Next(out var field, out var data))
        {
            if (field == 1) key = Text(data);
            else if (field == 2) value = Text(data);
        }
        return (key, value);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static string Text(ReadOnlySpan<byte> value)
    {
        try
        {
            return StrictUtf8.GetString(value);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("a string field is not valid UTF-8");
        }
    }
}
