using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

// NTLM is built on HMAC-MD5 and MD4: the fake must compute them to check a client
#pragma warning disable CA5351

namespace SecretsKit.Testing.Webhook;

/// <summary>
/// The server side of NTLM over HTTP (MS-NLMP, RFC 4559's header use), strict: a request without
/// <c>Authorization: NTLM</c> gets 401 <c>WWW-Authenticate: NTLM</c>; a NEGOTIATE (type 1) gets 401 with a CHALLENGE
/// (type 2: a random server challenge and target info), remembered for that TCP connection only; the AUTHENTICATE
/// (type 3) on the same connection must be NTLMv2 for this account (user case-insensitive, domain as configured) and
/// its NTProofStr must equal HMAC-MD5(NTOWFv2, server challenge + client blob), else 401 again. Every request is
/// authenticated on its own (no connection stays logged in). A Basic header is never accepted and is counted.
/// </summary>
public sealed class NtlmAcceptor(string user, string domain, string password)
{
    private const uint RequiredClientFlags = 0x00000001 | 0x00000200; // UNICODE, NTLM
    private const uint ChallengeFlags = 0x00000001 | 0x00000004 | 0x00000010 | 0x00000200 | 0x00008000 | 0x00010000
        | 0x00080000 | 0x00800000 | 0x02000000 | 0x20000000 | 0x40000000; // as a Windows server answers an NTLMv2 client

    private readonly ConcurrentDictionary<string, byte[]> _challenges = new(StringComparer.Ordinal);
    private int _accepted;
    private int _rejected;
    private int _basic;

    public int Accepted => _accepted;

    /// <summary>AUTHENTICATE messages refused (wrong password, wrong user, another connection, not NTLMv2).</summary>
    public int Rejected => _rejected;

    /// <summary>Requests that carried <c>Authorization: Basic</c> (a password in clear).</summary>
    public int BasicAttempts => _basic;

    /// <summary>True when the request carries a valid AUTHENTICATE; otherwise the 401 step of the handshake is written.</summary>
    public async Task<bool> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _basic);
        byte[] token;
        try
        {
            token = header.StartsWith("NTLM ", StringComparison.Ordinal) ? Convert.FromBase64String(header[5..]) : [];
        }
        catch (FormatException)
        {
            token = [];
        }
        var type = token.Length >= 12 && token.AsSpan(0, 8).SequenceEqual("NTLMSSP\0"u8) ? BinaryPrimitives.ReadUInt32LittleEndian(token.AsSpan(8)) : 0;
        var connection = context.Connection.Id;
        if (type == 1 && token.Length >= 16 && (BinaryPrimitives.ReadUInt32LittleEndian(token.AsSpan(12)) & RequiredClientFlags) == RequiredClientFlags)
        {
            var challenge = RandomNumberGenerator.GetBytes(8);
            _challenges[connection] = challenge;
            await UnauthorizedAsync(context, "NTLM " + Convert.ToBase64String(Challenge(challenge)));
            return false;
        }
        if (type == 3)
        {
            if (_challenges.TryRemove(connection, out var challenge) && Verify(token, challenge))
            {
                Interlocked.Increment(ref _accepted);
                return true;
            }
            Interlocked.Increment(ref _rejected);
        }
        await UnauthorizedAsync(context, "NTLM");
        return false;
    }

    private static async Task UnauthorizedAsync(HttpContext context, string authenticate)
    {
        context.Response.StatusCode = 401;
        context.Response.Headers.WWWAuthenticate = authenticate;
        context.Response.ContentLength = 0;
        await context.Response.CompleteAsync();
    }

    /// <summary>CHALLENGE: header, target name (the domain), flags, server challenge, reserved, target info, version.</summary>
    private byte[] Challenge(byte[] serverChallenge)
    {
        var targetName = Encoding.Unicode.GetBytes(domain);
        var info = new MemoryStream();
        AvPair(info, 2, Encoding.Unicode.GetBytes(domain)); // MsvAvNbDomainName
        AvPair(info, 1, Encoding.Unicode.GetBytes("FAKEWEB")); // MsvAvNbComputerName
        AvPair(info, 4, Encoding.Unicode.GetBytes(domain.ToLowerInvariant() + ".test")); // MsvAvDnsDomainName
        AvPair(info, 3, Encoding.Unicode.GetBytes("fakeweb." + domain.ToLowerInvariant() + ".test")); // MsvAvDnsComputerName
        var now = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(now, DateTime.UtcNow.ToFileTimeUtc());
        AvPair(info, 7, now); // MsvAvTimestamp
        AvPair(info, 0, []); // MsvAvEOL
        var targetInfo = info.ToArray();

        const int fixedLength = 56;
        var message = new byte[fixedLength + targetName.Length + targetInfo.Length];
        "NTLMSSP\0"u8.CopyTo(message);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 2);
        Field(message, 12, targetName.Length, fixedLength);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), ChallengeFlags);
        serverChallenge.CopyTo(message, 24);
        Field(message, 40, targetInfo.Length, fixedLength + targetName.Length);
        message[48] = 10; // version 10.0, build 20348, NTLM revision 15
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(50), 20348);
        message[55] = 15;
        targetName.CopyTo(message, fixedLength);
        targetInfo.CopyTo(message, fixedLength + targetName.Length);
        return message;
    }

    /// <summary>The AUTHENTICATE's user and domain are this account's and its NTLMv2 proof matches the password.</summary>
    private bool Verify(byte[] message, byte[] serverChallenge)
    {
        if (message.Length < 64 || (BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(60)) & 1) == 0) return false; // UNICODE required
        if (ReadField(message, 20) is not { Length: > 24 + 16 } ntResponse) return false; // 24 bytes: NTLMv1, refused
        if (ReadField(message, 28) is not { } domainBytes || ReadField(message, 36) is not { } userBytes) return false;
        var (clientDomain, clientUser) = (Encoding.Unicode.GetString(domainBytes), Encoding.Unicode.GetString(userBytes));
        if (!string.Equals(clientUser, user, StringComparison.OrdinalIgnoreCase) || !string.Equals(clientDomain, domain, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var blob = ntResponse.AsSpan(16);
        if (blob[0] != 1 || blob[1] != 1) return false; // NTLMv2_CLIENT_CHALLENGE RespType / HiRespType
        var ntowfv2 = HMACMD5.HashData(Md4.Hash(Encoding.Unicode.GetBytes(password)), Encoding.Unicode.GetBytes(clientUser.ToUpperInvariant() + clientDomain));
        var proof = HMACMD5.HashData(ntowfv2, (byte[])[.. serverChallenge, .. blob]);
        return CryptographicOperations.FixedTimeEquals(proof, ntResponse.AsSpan(0, 16));
    }

    private static void AvPair(MemoryStream stream, ushort id, byte[] value)
    {
        Span<byte> head = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(head, id);
        BinaryPrimitives.WriteUInt16LittleEndian(head[2..], (ushort)value.Length);
        stream.Write(head);
        stream.Write(value);
    }

    private static void Field(byte[] message, int at, int length, int offset)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(at), (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(at + 2), (ushort)length);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(at + 4), (uint)offset);
    }

    private static byte[]? ReadField(byte[] message, int at)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(at));
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(at + 4));
        return offset + (ulong)length <= (ulong)message.Length ? message.AsSpan((int)offset, length).ToArray() : null;
    }
}
