using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Input;

namespace SecretsKit.Deploy.Release.Records;

/// <summary>
/// Who can decrypt a SOPS file, read from its <c>sops</c> metadata only (no key is needed and nothing is decrypted):
/// one <c>kind:identifier</c> per master key, e.g. <c>age:age1…</c>, <c>pgp:FINGERPRINT</c>, <c>kms:arn:aws:kms:…</c>,
/// <c>azure_kv:https://vault…/keys/name/version</c>.
/// </summary>
public static class SecretFileRecipients
{
    /// <summary>The recipients of the file at <paramref name="path"/> (named <paramref name="shown"/>), in metadata order, without repeats.</summary>
    public static List<string> Read(string path, string shown)
    {
        if (new FileInfo(path).Length > BoundedFile.MaxBytes) throw new SecretsKitException(ExitCodes.Generic, $"{shown} is larger than {BoundedFile.MaxBytes} bytes");
        var bytes = File.ReadAllBytes(path);
        var document = SecretFileReader.Parse(bytes, shown, FormatRegistry.Create(FormatRegistry.NameForPath(path)));
        var metadata = MetadataReader.Read(document.Metadata, shown);
        return metadata.KeyGroups.SelectMany(g => g).Select(Identify).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary><c>kind:identifier</c> of one metadata entry (the kind's identifying fields, never its wrapped data key).</summary>
    public static string Identify(MasterKeyEntry entry)
    {
        var id = entry.KeyType switch
        {
            "azure_kv" => $"{entry.Field("vault_url")}/keys/{entry.Field("name")}/{entry.Field("version")}",
            "hc_vault" => $"{entry.Field("vault_address")}/v1/{entry.Field("engine_path")}/keys/{entry.Field("key_name")}",
            _ => KeyKinds.All.FirstOrDefault(k => k.MetadataKey == entry.KeyType)?.LogField is { } field ? entry.Field(field) : "",
        };
        return $"{entry.KeyType}:{Echo.Bounded(id)}";
    }
}
