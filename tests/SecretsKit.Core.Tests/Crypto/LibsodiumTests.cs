using SecretsKit.Core.Crypto;
using SecretsKit.Core.Tests.Crypto.Support;

namespace SecretsKit.Core.Tests.Crypto;

/// <summary>
/// The lean native CLI's HMAC-SHA256 (libsodium's <c>crypto_auth_hmacsha256_*</c>, linked statically there), called here
/// through the system's libsodium.so, gives BouncyCastle's MACs (what every other build computes) for deterministic random
/// keys of 0 to 200 bytes (shorter than, equal to and longer than SHA-256's 64-byte block) and data of 0 to 300 bytes.
/// RFC 4231's vectors hold both: ManagedHashTests. X25519: Age/SodiumX25519Tests.
/// </summary>
public sealed class LibsodiumTests
{
    public LibsodiumTests() => SystemLibsodium.Require();

    [Fact]
    public void HmacSha256_matches_BouncyCastle_on_2000_random_keys_and_messages()
    {
        var random = new Random(2104);
        for (var i = 0; i < 2000; i++)
        {
            var key = new byte[i < 201 ? i : random.Next(0, 201)];
            var data = new byte[random.Next(0, 301)];
            random.NextBytes(key);
            random.NextBytes(data);
            Assert.Equal(Convert.ToHexStringLower(ManagedSha256.BouncyCastleHmac(key, data)),
                Convert.ToHexStringLower(Libsodium.HmacSha256(key, data)));
        }
    }
}
