using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// What the post-renderer of one <c>helm upgrade</c> needs to seal the Secrets helm rendered with placeholders: the
/// placeholders and their values, the cluster's recipients, the release's namespace, the key Secret and the documents
/// sealed before. Written by the pipeline into its private 0700 directory encrypted (AES-256-GCM) under a key that only
/// travels in the environment helm passes to its post-renderer (<see cref="KeyVariable"/>): no plaintext on disk, none in
/// an argv. The file is removed with the run's directory.
/// </summary>
public sealed record SealSession(SealOptions Options, PlaceholderTable Table, string RecipientsMetadata)
{
    /// <summary>The variable holding the session file's key (base64), set only for the helm call that post-renders.</summary>
    public const string KeyVariable = "SECRETSKIT_SEAL_SESSION_KEY";

    /// <summary>Largest session file read (the placeholders of a release and its sealed documents).</summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>Writes the session encrypted to <paramref name="path"/> (a new file, 0600) and returns the key for <see cref="KeyVariable"/>.</summary>
    public string Write(string path)
    {
        var plain = Serialize();
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedBytes = new byte[nonce.Length + 16 + plain.Length];
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(nonce, plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16));
        }
        nonce.CopyTo(sealedBytes, 0);
        CryptographicOperations.ZeroMemory(plain);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options)) file.Write(sealedBytes);
        return Convert.ToBase64String(key);
    }

    /// <summary>Reads a session written by <see cref="Write"/>; the recipients are rebuilt through <paramref name="registry"/>.</summary>
    public static SealSession Read(string path, string? key, KeySourceRegistry registry)
    {
        if (string.IsNullOrEmpty(key)) throw Broken($"{KeyVariable} is not set (the post-renderer's session is only for the helm call the release pipeline starts)");
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxBytes || info.Length < 28) throw Broken($"the seal session {path} is missing or not one");
        var bytes = File.ReadAllBytes(path);
        var plain = new byte[bytes.Length - 28];
        try
        {
            using var gcm = new AesGcm(Convert.FromBase64String(key), 16);
            gcm.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), plain);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            throw Broken($"the seal session {path} does not open with {KeyVariable}");
        }
        try
        {
            return Deserialize(plain, registry);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static SecretsKitException Broken(string message) => new(ExitCodes.Generic, message);

    private byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", SealFormats.Name(Options.Format));
            w.WriteString("release", Options.Release);
            w.WriteString("namespace", Options.Namespace);
            if (Options.KeySecret is { } k) w.WriteString("keySecret", k.ToString());
            w.WriteBoolean("refusePlainSecrets", Options.RefusePlainSecrets);
            w.WriteString("recipients", RecipientsMetadata);
            w.WriteStartArray("placeholders");
            foreach (var (placeholder, value, valuesKey) in Table.Entries)
            {
                w.WriteStartArray();
                w.WriteStringValue(placeholder);
                w.WriteStringValue(value);
                w.WriteStringValue(valuesKey);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("previous");
            foreach (var p in Options.Previous)
            {
                w.WriteStartArray();
                foreach (var field in new[] { p.Kind, p.Namespace ?? "", p.Name, p.Digest ?? "", p.Payload }) w.WriteStringValue(field);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static SealSession Deserialize(byte[] json, KeySourceRegistry registry)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string Text(string name) => root.GetProperty(name).GetString() ?? "";
        var table = new PlaceholderTable();
        foreach (var entry in root.GetProperty("placeholders").EnumerateArray())
        {
            table.Add(entry[0].GetString()!, entry[1].GetString()!, entry[2].GetString()!);
        }
        var previous = root.GetProperty("previous").EnumerateArray()
            .Select(p => new PreviousSeal(p[0].GetString()!, p[1].GetString() is { Length: > 0 } ns ? ns : null, p[2].GetString()!,
                p[3].GetString() is { Length: > 0 } d ? d : null, p[4].GetString()!))
            .ToList();
        var recipients = Text("recipients");
        var options = new SealOptions(SealFormats.Parse(Text("format")) ?? SealFormat.SopsSecret, SealRecipients.FromMetadata(registry, recipients),
            Text("namespace"), Text("release"))
        {
            KeySecret = root.TryGetProperty("keySecret", out var k) && k.GetString() is { Length: > 0 } ks ? SopsSecretKeyRef.Parse(ks) : null,
            RefusePlainSecrets = root.GetProperty("refusePlainSecrets").GetBoolean(),
            Previous = previous,
        };
        return new SealSession(options, table, recipients);
    }
}
