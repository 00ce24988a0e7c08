using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Text;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Encryption;

/// <summary>
/// One encrypt or decrypt pass over a tree (sops <c>walkBranch</c>/<c>walkSlice</c> with the comment stack, spec §3–§4):
/// branches in order, depth first, lists in order; the MAC is streamed over the plaintext of every non-null,
/// non-comment leaf (only the encrypted ones, after a fixed seed, in mac_only_encrypted mode).
/// </summary>
internal sealed class CipherWalk : IDisposable
{
    // SHA-256("sops"): seeds the MAC in mac_only_encrypted mode so it never equals a full MAC.
    private static readonly byte[] MacOnlyEncryptedSeed = ManagedSha256.Hash("sops"u8);

    private readonly ValueCipher _cipher;
    private readonly CryptRuleMatcher _rules;
    private readonly bool _encrypt;
    private readonly bool _macOnlyEncrypted;
    private readonly IvStash? _stash;
    // Managed SHA-512 for small files (no OpenSSL load), OpenSSL past MacSha512.ManagedLimit bytes.
    private readonly MacSha512 _mac = new();
    private readonly List<string> _path = [];
    // The AAD prefix of each open mapping ("" at the top, then "a:", "a:b:" …), so a leaf's AAD is one concatenation.
    private readonly List<string> _prefixes = [""];
    private readonly List<List<string>> _comments = [];
    private byte[] _macBuffer = new byte[256];
    private char[] _chars = new char[256];

    public CipherWalk(ValueCipher cipher, CryptRuleMatcher rules, bool encrypt, bool macOnlyEncrypted, IvStash? stash)
    {
        _cipher = cipher;
        _rules = rules;
        _encrypt = encrypt;
        _macOnlyEncrypted = macOnlyEncrypted;
        _stash = stash;
        if (macOnlyEncrypted) _mac.Append(MacOnlyEncryptedSeed);
    }

    public SopsTree Run(SopsTree tree)
    {
        var branches = new TreeBranch[tree.Branches.Count];
        for (var i = 0; i < branches.Length; i++)
        {
            branches[i] = WalkBranch(tree.Branches[i]);
        }
        return new SopsTree(branches);
    }

    /// <summary>The MAC so far as sops prints it: uppercase hex of the SHA-512 digest.</summary>
    public string MacHex()
    {
        Span<byte> digest = stackalloc byte[ManagedSha512.HashSize];
        _mac.Finish(digest);
        return Convert.ToHexString(digest);
    }

    public void Dispose()
    {
        _mac.Dispose();
        CryptographicOperations.ZeroMemory(_macBuffer);
    }

    private TreeBranch WalkBranch(TreeBranch branch)
    {
        var level = new List<string>();
        _comments.Add(level);
        var items = new TreeItem[branch.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var item = branch.Items[i];
            if (item.Key is null)
            {
                var comment = item.Value as CommentValue
                    ?? throw new ArgumentException($"a comment item at '{PathString()}' holds a {item.Value.GetType().Name}");
                level.Add(comment.Text);
                items[i] = Same(item, Leaf(comment, isComment: true));
                continue;
            }
            var valueIsComment = item.Value is CommentValue;
            if (valueIsComment) level.Add(((CommentValue)item.Value).Text);
            _path.Add(item.Key);
            _prefixes.Add(_prefixes[^1] + item.Key + ":");
            var walked = WalkValue(item.Value);
            _prefixes.RemoveAt(_prefixes.Count - 1);
            _path.RemoveAt(_path.Count - 1);
            items[i] = Same(item, walked);
            if (!valueIsComment) level.Clear();
        }
        _comments.RemoveAt(_comments.Count - 1);
        return new TreeBranch(items);
    }

    private Sequence WalkSequence(Sequence sequence)
    {
        var level = new List<string>();
        _comments.Add(level);
        var items = new TreeNode[sequence.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var node = sequence.Items[i];
            if (node is CommentValue comment)
            {
                level.Add(comment.Text);
                items[i] = Leaf(comment, isComment: true);
                continue;
            }
            items[i] = WalkValue(node);
            level.Clear();
        }
        _comments.RemoveAt(_comments.Count - 1);
        return new Sequence(items);
    }

    private TreeNode WalkValue(TreeNode node) => node switch
    {
        TreeBranch b => WalkBranch(b),
        Sequence s => WalkSequence(s),
        NullValue => node,
        CommentValue c => Leaf(c, isComment: true),
        _ => Leaf(node, isComment: false),
    };

    private TreeNode Leaf(TreeNode node, bool isComment)
    {
        var encrypted = _rules.ShouldEncrypt(_path, _comments, isComment);
        return _encrypt ? EncryptLeaf(node, isComment, encrypted) : DecryptLeaf(node, isComment, encrypted);
    }

    private TreeNode EncryptLeaf(TreeNode node, bool isComment, bool encrypted)
    {
        if (!isComment && (!_macOnlyEncrypted || encrypted)) Hash(node);
        if (!encrypted || PlaintextCodec.IsEmpty(node)) return node;
        var aad = PathString();
        try
        {
            return node is CommentValue c ? new CommentValue(_cipher.Encrypt(node, aad, _stash), c.Inline) : _cipher.EncryptToValue(node, aad, _stash);
        }
        catch (ArgumentException ex)
        {
            throw new SecretsKitException(ExitCodes.ErrorEncryptingTree, $"cannot encrypt value at '{aad}': {ex.Message}");
        }
    }

    /// <summary>
    /// As sops 3.13 decides per key from the file's own rules: a value they select must be encrypted (an empty one
    /// excepted, which encrypt leaves as it is) and is decrypted; any other passes as it is, even if it looks encrypted,
    /// and is hashed as such.
    /// </summary>
    private TreeNode DecryptLeaf(TreeNode node, bool isComment, bool encrypted)
    {
        if (node is CommentValue comment)
        {
            return encrypted ? DecryptComment(comment) : comment;
        }
        var plain = node;
        if (encrypted && !PlaintextCodec.IsEmpty(node))
        {
            var aad = PathString();
            var stored = node is StringValue s ? StoredText(s) : default;
            if (node is not StringValue || !EncryptedValue.LooksEncrypted(stored))
            {
                throw new SecretsKitException(ExitCodes.ErrorDecryptingTree,
                    $"the value at '{Echo.Bounded(aad)}' is not encrypted, but the file's rules say it must be",
                    "the file was edited by hand, or its unencrypted_suffix/encrypted_regex/… was changed after it was encrypted");
            }
            if (!_cipher.TryDecrypt(stored, aad, _stash, out plain, out var error))
            {
                throw new SecretsKitException(ExitCodes.ErrorDecryptingTree, $"cannot decrypt value at '{Echo.Bounded(aad)}': {error}",
                    "the file may have been edited by hand or encrypted with another data key");
            }
        }
        if (plain is not CommentValue && (!_macOnlyEncrypted || encrypted)) Hash(plain);
        return plain;
    }

    /// <summary>
    /// The text of a stored value: a compact one is written into a reused buffer (valid until the next call) instead of
    /// being made into a new string for every value.
    /// </summary>
    private ReadOnlySpan<char> StoredText(StringValue value)
    {
        if (!value.IsCompact) return value.Value;
        var length = value.Length;
        if (_chars.Length < length) _chars = new char[Math.Max(length, _chars.Length * 2)];
        return _chars.AsSpan(0, value.CopyCompactTo(_chars));
    }

    /// <summary>An encrypted comment is decrypted; a plaintext one (files from before comment encryption) or one that does not decrypt is kept as-is, as sops does.</summary>
    private CommentValue DecryptComment(CommentValue comment)
    {
        if (!EncryptedValue.LooksEncrypted(comment.Text)) return comment;
        var aad = PathString();
        if (!_cipher.TryDecrypt(comment.Text, aad, _stash, out var plain, out _)) return comment;
        return plain switch
        {
            CommentValue c => new CommentValue(c.Text, comment.Inline),
            StringValue str => new CommentValue(str.Value, comment.Inline),
            BytesValue b => new CommentValue(Encoding.UTF8.GetString(b.Value), comment.Inline),
            _ => throw new SecretsKitException(ExitCodes.ErrorDecryptingTree,
                $"cannot decrypt comment at '{aad}': it holds a {PlaintextCodec.TypeOf(plain)} value, not a comment"),
        };
    }

    private void Hash(TreeNode node)
    {
        switch (node)
        {
            case NullValue:
                return;
            case StringValue { Length: > HashSlice } s:
                HashText(s.Value);
                return;
            case BytesValue b:
                _mac.Append(b.Value);
                return;
        }
        var length = PlaintextCodec.Serialize(node, ref _macBuffer);
        _mac.Append(_macBuffer.AsSpan(0, length));
        _macBuffer.AsSpan(0, length).Clear();
    }

    // A long string is hashed a slice at a time through a fixed buffer, not copied whole to UTF-8 first.
    private const int HashSlice = 16 * 1024;

    private void HashText(string text)
    {
        if (_macBuffer.Length < Utf8Slices.MaxBytes(HashSlice)) _macBuffer = new byte[Utf8Slices.MaxBytes(HashSlice)];
        for (var rest = text.AsSpan(); !rest.IsEmpty;)
        {
            var n = Utf8Slices.Next(rest, HashSlice);
            var length = Encoding.UTF8.GetBytes(rest[..n], _macBuffer);
            _mac.Append(_macBuffer.AsSpan(0, length));
            rest = rest[n..];
        }
        CryptographicOperations.ZeroMemory(_macBuffer);
    }

    private string PathString() => _path.Count == 0 ? ":" : _prefixes[^1];

    private static TreeItem Same(TreeItem item, TreeNode value) => ReferenceEquals(item.Value, value) ? item : item with { Value = value };
}
