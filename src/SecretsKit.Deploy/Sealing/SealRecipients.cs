using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// Who a sealed Secret is encrypted to: the cluster's master keys (key groups and Shamir threshold), as <c>encrypt</c>
/// plans them from key flags or the <c>.sops.yaml</c> creation rule of a path. Every sealed document gets a fresh data key
/// wrapped for these keys; <see cref="Describe"/> names them (public identifiers only) for the sealed digest.
/// </summary>
public sealed record SealRecipients(IReadOnlyList<IReadOnlyList<IMasterKey>> Groups, int Threshold = 0)
{
    public static SealRecipients From(EncryptionSettings settings) => new(settings.KeyGroups, settings.ShamirThreshold);

    /// <summary>The settings of one sealed document: these keys, the given crypt rules, a MAC over every value.</summary>
    public EncryptionSettings Settings(CryptRules? rules) => new(Groups, Threshold, rules);

    /// <summary><c>age age1…,kms arn:…|…</c>: groups in order, keys sorted in a group.</summary>
    public string Describe() =>
        string.Join('|', Groups.Select(g => string.Join(',', g.Select(MasterKeys.Describe).Order(StringComparer.Ordinal))))
        + (Groups.Count > 1 && Threshold > 0 ? $"#{Threshold}" : "");

    /// <summary>
    /// The keys as a sops metadata block (a throwaway data key wrapped once), for a process that must encrypt to them
    /// without the flags or rule they came from (the post-renderer): <see cref="FromMetadata"/> reads it back.
    /// </summary>
    public async Task<string> ToMetadataAsync(SopsEngine engine, TimeProvider time, CancellationToken ct)
    {
        var throwaway = RandomNumberGenerator.GetBytes(32);
        var groups = await engine.WrapAsync(throwaway, Groups, Threshold, ct);
        var metadata = new SopsMetadata { KeyGroups = groups, ShamirThreshold = Groups.Count > 1 ? Threshold : 0, LastModified = Rfc3339.Now(time) };
        var tree = new SopsTree([new TreeBranch([new TreeItem("sops", MetadataWriter.Write(metadata))])]);
        return Encoding.UTF8.GetString(new YamlFormat().EmitPlain(tree));
    }

    /// <summary>The keys a sealed document's data key is wrapped for (to tell whether they are still the cluster's).</summary>
    public static SealRecipients Of(KeySourceRegistry registry, SopsMetadata metadata) =>
        new(MasterKeys.FromMetadata(registry, metadata.KeyGroups), metadata.KeyGroups.Count > 1 ? metadata.ShamirThreshold : 0);

    /// <summary>The keys of a block made by <see cref="ToMetadataAsync"/>.</summary>
    public static SealRecipients FromMetadata(KeySourceRegistry registry, string text)
    {
        var tree = new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(text));
        var metadata = MetadataReader.Read((TreeBranch)tree.Branches[0].Get("sops")!, "seal session");
        return Of(registry, metadata);
    }
}
