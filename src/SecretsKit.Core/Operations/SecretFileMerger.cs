using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>
/// A git merge driver for encrypted files: decrypts BASE, CURRENT and OTHER with the local keys, merges the
/// plaintext trees (<see cref="TreeMerge"/>) and re-encrypts with CURRENT's data key and metadata, so unchanged
/// values keep their ciphertext. When the result equals CURRENT, CURRENT's bytes are returned as they are (mac and
/// lastmodified kept). When only OTHER changed the key groups (e.g. updatekeys on the other branch) OTHER's data
/// key and metadata are used; when both changed them differently, that is a conflict ("key groups differ").
/// </summary>
public sealed class SecretFileMerger(SopsEngine engine)
{
    /// <summary>The pseudo key path reported when the key groups conflict.</summary>
    public const string KeyGroupsConflict = "sops:key_groups:";

    /// <param name="baseContent">Empty when the file did not exist in the merge base.</param>
    /// <param name="emit">Writes the merged encrypted file; given the file whose layout to follow (CURRENT's or OTHER's bytes).</param>
    public async Task<SecretFileMergeResult> MergeAsync(byte[] baseContent, byte[] currentContent, byte[] otherContent, string fileName,
        IFormat format, DecryptOptions options, Func<EncryptedFile, byte[], byte[]>? emit = null, CancellationToken cancellationToken = default)
    {
        var reader = new SecretFileReader(engine);
        var current = await reader.DecryptAsync(currentContent, $"{fileName} (current)", format, options, cancellationToken);
        var other = await reader.DecryptAsync(otherContent, $"{fileName} (other)", format, options, cancellationToken);
        DecryptedFile? @base = baseContent.Length == 0 ? null
            : await reader.DecryptAsync(baseContent, $"{fileName} (base)", format, options, cancellationToken);

        var baseTree = @base?.Plain ?? new SopsTree(current.Plain.Branches.Select(_ => TreeBranch.Empty).ToList());
        var merged = TreeMerge.Merge(baseTree, current.Plain, other.Plain);

        var keysCurrent = KeyGroupSignature(current.Metadata);
        var keysOther = KeyGroupSignature(other.Metadata);
        var keysBase = @base is null ? null : KeyGroupSignature(@base.Metadata);
        var target = current;
        var targetContent = currentContent;
        if (keysCurrent != keysOther)
        {
            if (keysBase == keysCurrent)
            {
                target = other;
                targetContent = otherContent;
            }
            else if (keysBase != keysOther)
            {
                return new SecretFileMergeResult(null, [.. merged.Conflicts, KeyGroupsConflict], false);
            }
        }
        if (!merged.IsClean) return new SecretFileMergeResult(null, merged.Conflicts, false);

        var plain = merged.Merged!;
        if (ReferenceEquals(target, current) && plain.Equals(current.Plain))
        {
            return new SecretFileMergeResult(currentContent, [], true);
        }
        var encrypted = engine.Reencrypt(target, plain);
        var output = emit is null ? encrypted.Emit(format) : emit(encrypted, targetContent);
        return new SecretFileMergeResult(output, [], false);
    }

    /// <summary>The identity of the key groups: each key's type and fields other than the wrapped key and its date.</summary>
    internal static string KeyGroupSignature(SopsMetadata metadata)
    {
        var groups = metadata.KeyGroups.Select(g => string.Join("|", g.Select(Identity).Order(StringComparer.Ordinal)));
        return $"{metadata.ShamirThreshold}/" + string.Join("||", groups);
    }

    private static string Identity(MasterKeyEntry key)
    {
        var fields = key.Fields.Where(f => f.Key is not ("enc" or "created_at"))
            .OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}");
        var context = key.Context is null ? "" : string.Join(",", key.Context.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
        return $"{key.KeyType}[{string.Join(",", fields)}]{{{context}}}";
    }
}
