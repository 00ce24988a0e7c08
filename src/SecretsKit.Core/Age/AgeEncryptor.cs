using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>Encrypts a payload to age recipients: random file key, header with MAC, STREAM payload, optional armor.</summary>
public static class AgeEncryptor
{
    public static byte[] Encrypt(ReadOnlySpan<byte> payload, IReadOnlyList<IAgeRecipient> recipients, bool armor)
    {
        if (recipients.Count == 0) throw new AgeException("no recipients specified");
        CheckLabels(recipients);
        var fileKey = RandomNumberGenerator.GetBytes(AgePrimitives.FileKeySize);
        try
        {
            var stanzas = new List<AgeStanza>();
            foreach (var r in recipients) stanzas.AddRange(r.Wrap(fileKey));
            if (stanzas.Any(s => s.Type == ScryptRecipient.StanzaType) && stanzas.Count != 1)
            {
                throw new AgeException("an scrypt recipient must be the only one");
            }
            var header = AgeHeader.Encode(stanzas, fileKey);
            var body = PayloadStream.Encrypt(fileKey, payload);
            var binary = AgePrimitives.Concat(header, body);
            return armor ? Encoding.ASCII.GetBytes(AgeArmor.Encode(binary)) : binary;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    /// <summary>
    /// age's downgrade guard: every recipient of one header must carry the same labels, so a post-quantum recipient
    /// never shares a file key with a classic one (which would make the file only as strong as the classic key).
    /// </summary>
    private static void CheckLabels(IReadOnlyList<IAgeRecipient> recipients)
    {
        static string[] LabelsOf(IAgeRecipient r) =>
            r is ILabeledAgeRecipient l ? l.Labels.Order(StringComparer.Ordinal).ToArray() : [];
        var first = LabelsOf(recipients[0]);
        foreach (var r in recipients.Skip(1))
        {
            var labels = LabelsOf(r);
            if (labels.SequenceEqual(first, StringComparer.Ordinal)) continue;
            var pq = labels.Contains(HybridRecipient.PostQuantumLabel) != first.Contains(HybridRecipient.PostQuantumLabel);
            throw new AgeException(pq
                ? "incompatible recipients: can't mix post-quantum and classic recipients, or the file would be vulnerable to quantum computers"
                : $"incompatible recipients: [{string.Join(' ', first)}] and [{string.Join(' ', labels)}] can't be mixed");
        }
    }

    /// <summary>Encrypts and armors, returning the text exactly as sops stores it in <c>enc</c>.</summary>
    public static string EncryptArmored(ReadOnlySpan<byte> payload, IReadOnlyList<IAgeRecipient> recipients) =>
        Encoding.ASCII.GetString(Encrypt(payload, recipients, armor: true));
}
