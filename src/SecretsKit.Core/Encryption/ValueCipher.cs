using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Encryption;

/// <summary>
/// Encrypts and decrypts single leaf values to and from sops' <c>ENC[AES256_GCM,…]</c> strings with one data key
/// (spec §2): 32-byte random IVs, per-type plaintext, AAD supplied by the caller. One instance per data key and
/// thread; the AES key schedule and GHASH table are built once.
/// </summary>
internal sealed partial class ValueCipher : IDisposable
{
    private const int IvSize = EncryptedValue.IvSize;

    private readonly GcmCipher _gcm;
    private byte[] _plain = new byte[256];
    private byte[] _aad = new byte[256];

    // IVs are drawn from a pool refilled in bulk (growing to 128 IVs per system RNG call) instead of one call per value.
    private byte[] _ivPool = new byte[IvSize * 4];
    private int _ivPoolUsed = IvSize * 4;

    public ValueCipher(ReadOnlySpan<byte> dataKey)
    {
        _gcm = new GcmCipher(dataKey);
    }

    /// <summary>Encrypts a leaf; empty strings, bytes and comments give "" (sops never encrypts them).</summary>
    public string Encrypt(TreeNode value, string aad, IvStash? stash = null)
    {
        var type = PlaintextCodec.TypeOf(value) ?? throw new ArgumentException($"a {value.GetType().Name} cannot be encrypted", nameof(value));
        if (PlaintextCodec.IsEmpty(value)) return "";
        // A large value is encrypted a piece at a time (a stash needs the whole plaintext to find its IV; edits take the
        // plain road).
        if (stash is null && IsLarge(value)) return EncryptLarge(value, aad);
        return EncryptSmall(value, type, aad, stash, static (data, iv, tag, type) => EncryptedValue.Format(data, iv, tag, type));
    }

    /// <summary>
    /// Encrypts a leaf to its stored value, held packed unless the value is large (the same text as <see cref="Encrypt"/>).
    /// </summary>
    public StringValue EncryptToValue(TreeNode value, string aad, IvStash? stash = null)
    {
        var type = PlaintextCodec.TypeOf(value) ?? throw new ArgumentException($"a {value.GetType().Name} cannot be encrypted", nameof(value));
        if (PlaintextCodec.IsEmpty(value)) return new StringValue("");
        if (stash is null && IsLarge(value)) return new StringValue(EncryptLarge(value, aad));
        return EncryptSmall(value, type, aad, stash, static (data, iv, tag, type) => StringValue.FromEncryptedParts(data, iv, tag, type));
    }

    private delegate T Formatter<T>(ReadOnlySpan<byte> data, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> tag, string type);

    private T EncryptSmall<T>(TreeNode value, string type, string aad, IvStash? stash, Formatter<T> format)
    {
        var length = PlaintextCodec.Serialize(value, ref _plain);
        try
        {
            var plaintext = _plain.AsSpan(0, length);
            ReadOnlySpan<byte> iv;
            if (stash is not null && stash.TryGet(aad, type, plaintext, out var stashed))
            {
                iv = stashed;
            }
            else
            {
                iv = NextRandomIv();
            }
            // In place: the counter mode XORs each block into the same position, so a large value needs one buffer, not two.
            Span<byte> tag = stackalloc byte[GcmCipher.TagSize];
            _gcm.Encrypt(iv, plaintext, AadBytes(aad), plaintext, tag);
            return format(plaintext, iv, tag, type);
        }
        finally
        {
            _plain.AsSpan(0, length).Clear();
            ReleaseLarge();
        }
    }

    /// <summary>
    /// Decrypts a stored string ("" stays ""). On failure returns false and a reason that never contains the value;
    /// on success records the IV in <paramref name="stash"/> when one is given.
    /// </summary>
    public bool TryDecrypt(string stored, string aad, IvStash? stash, out TreeNode value, out string? error) =>
        TryDecrypt(stored.AsSpan(), aad, stash, out value, out error);

    /// <inheritdoc cref="TryDecrypt(string, string, IvStash?, out TreeNode, out string?)"/>
    public bool TryDecrypt(ReadOnlySpan<char> stored, string aad, IvStash? stash, out TreeNode value, out string? error)
    {
        value = NullValue.Instance;
        if (stored.Length == 0)
        {
            value = new StringValue("");
            error = null;
            return true;
        }
        if (!EncryptedValue.TryLocate(stored, out var dataChars, out var ivChars, out var tagChars, out var typeChars))
        {
            error = EncryptedValue.FormatError;
            return false;
        }
        var type = EncryptedValue.InternType(typeChars);

        // Decode into the reused plaintext buffer and decrypt there in place: no per-value allocation besides the
        // resulting node, and one buffer of the value's size however large it is.
        EnsureCapacity(ref _plain, DecodedLength(dataChars));
        if (!Convert.TryFromBase64Chars(dataChars, _plain, out var length))
        {
            error = "the data field is not valid base64";
            return false;
        }
        var ivCapacity = Base64Capacity(ivChars.Length);
        Span<byte> iv = ivCapacity <= 96 ? stackalloc byte[96] : new byte[ivCapacity];
        if (!Convert.TryFromBase64Chars(ivChars, iv, out var ivLength))
        {
            error = "the iv field is not valid base64";
            return false;
        }
        iv = iv[..ivLength];
        Span<byte> tag = stackalloc byte[3 * GcmCipher.TagSize];
        if (Base64Capacity(tagChars.Length) > tag.Length || !Convert.TryFromBase64Chars(tagChars, tag, out var tagLength))
        {
            error = "the tag field is not valid base64";
            return false;
        }

        var plaintext = _plain.AsSpan(0, length);
        try
        {
            if (!_gcm.TryDecrypt(iv, plaintext, tag[..tagLength], AadBytes(aad), plaintext))
            {
                error = "authentication failed (wrong data key, a tampered value, or a value moved from another key path)";
                return false;
            }
            if (!PlaintextCodec.TryParse(type, plaintext, out value, out error)) return false;
            stash?.Record(aad, type == ValueTypes.Bytes ? ValueTypes.Str : type, plaintext, iv);
            return true;
        }
        finally
        {
            plaintext.Clear();
            ReleaseLarge();
        }
    }

    private static int Base64Capacity(int chars) => (chars + 3) / 4 * 3;

    /// <summary>The bytes padded base64 decodes to (its capacity when it is not padded base64, which the decode then refuses).</summary>
    private static int DecodedLength(ReadOnlySpan<char> chars)
    {
        if (chars.Length == 0 || chars.Length % 4 != 0) return Base64Capacity(chars.Length);
        var padding = chars[^1] != '=' ? 0 : chars[^2] == '=' ? 2 : 1;
        return chars.Length / 4 * 3 - padding;
    }

    private ReadOnlySpan<byte> NextRandomIv()
    {
        if (_ivPoolUsed == _ivPool.Length)
        {
            if (_ivPool.Length < IvSize * 128) _ivPool = new byte[_ivPool.Length * 2];
            RandomNumberGenerator.Fill(_ivPool);
            _ivPoolUsed = 0;
        }
        var iv = _ivPool.AsSpan(_ivPoolUsed, IvSize);
        _ivPoolUsed += IvSize;
        return iv;
    }

    public void Dispose()
    {
        _gcm.Dispose();
        CryptographicOperations.ZeroMemory(_plain);
    }

    private ReadOnlySpan<byte> AadBytes(string aad)
    {
        var max = Encoding.UTF8.GetMaxByteCount(aad.Length);
        EnsureCapacity(ref _aad, max);
        var n = Encoding.UTF8.GetBytes(aad, _aad);
        return _aad.AsSpan(0, n);
    }

    // Small buffers double (many values of growing size), a large value gets exactly its size.
    private static void EnsureCapacity(ref byte[] buffer, int length)
    {
        if (buffer.Length >= length) return;
        CryptographicOperations.ZeroMemory(buffer);
        buffer = new byte[length > LargeValue ? length : Math.Max(length, buffer.Length * 2)];
    }

    private const int LargeValue = 1024 * 1024;

    // A buffer grown for one large value is let go (already cleared) once that value is done, not kept for the rest of the walk.
    private void ReleaseLarge()
    {
        if (_plain.Length > LargeValue) _plain = new byte[256];
    }
}
