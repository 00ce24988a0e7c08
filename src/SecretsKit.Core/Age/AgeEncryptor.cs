using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>Encrypts a payload to age recipients: random file key, header with MAC, STREAM payload, optional armor.</summary>
public static class AgeEncryptor
{
    public static byte[] Encrypt(ReadOnlySpan<byte> payload, IReadOnlyList<IAgeRecipient> recipients, bool armor)
    {
        if (recipients.Count == 0) throw new AgeException("no recipients specified");
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

    /// <summary>Encrypts and armors, returning the text exactly as sops stores it in <c>enc</c>.</summary>
    public static string EncryptArmored(ReadOnlySpan<byte> payload, IReadOnlyList<IAgeRecipient> recipients) =>
        Encoding.ASCII.GetString(Encrypt(payload, recipients, armor: true));
}
