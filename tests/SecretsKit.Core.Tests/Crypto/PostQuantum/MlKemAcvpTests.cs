using System.Security.Cryptography;
using System.Text.Json;
using SecretsKit.Core.Crypto.PostQuantum;

namespace SecretsKit.Core.Tests.Crypto.PostQuantum;

/// <summary>
/// NIST ACVP vectors for ML-KEM-768 (tests/fixtures/acvp, ACVP-Server v1.1.0.40): keyGen, encapsulation,
/// decapsulation including implicit rejection, and the key checks. The managed implementation always runs; the
/// platform's MLKem runs too where it is supported (OpenSSL ≥ 3.5).
/// </summary>
public sealed class MlKemAcvpTests
{
    public static TheoryData<string> Backends() => new(MlKem768.AvailableBackends.Select(b => b.ToString()));

    private static MlKemBackend Backend(string name) => Enum.Parse<MlKemBackend>(name);

    private static IEnumerable<JsonElement> Cases(string file)
    {
        var path = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "fixtures", "acvp", file);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("tests").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static byte[] Hex(JsonElement test, string name) => Convert.FromHexString(test.GetProperty(name).GetString()!);

    [Fact]
    public void Managed_backend_always_runs_and_the_platform_one_exactly_when_supported()
    {
        Assert.Contains(MlKemBackend.Managed, MlKem768.AvailableBackends);
        Assert.Equal(MLKem.IsSupported, MlKem768.AvailableBackends.Contains(MlKemBackend.Platform));
        // tests run on the JIT, where the platform implementation is preferred when present
        Assert.Equal(MLKem.IsSupported ? MlKemBackend.Platform : MlKemBackend.Managed, MlKem768.DefaultBackend);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void KeyGen_vectors_give_the_expected_keys(string backendName)
    {
        var backend = Backend(backendName);
        var count = 0;
        foreach (var t in Cases("ml-kem-768-keygen.json"))
        {
            var seed = Hex(t, "d").Concat(Hex(t, "z")).ToArray();
            Assert.Equal(Hex(t, "ek"), MlKem768.EncapsulationKeyFromSeed(seed, backend));
            Assert.Equal(Hex(t, "dk"), MlKem768.DecapsulationKeyFromSeed(seed, backend));
            count++;
        }
        Assert.Equal(10, count);
    }

    [Fact]
    public void Encapsulation_vectors_give_the_expected_ciphertext_and_key()
    {
        // The platform API takes no caller randomness m, so only the managed path can replay these.
        foreach (var t in Cases("ml-kem-768-encapsulation.json"))
        {
            var (k, c) = ManagedMlKem768.Encapsulate(Hex(t, "ek"), Hex(t, "m"));
            Assert.Equal(Hex(t, "c"), c);
            Assert.Equal(Hex(t, "k"), k);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Decapsulation_vectors_give_the_expected_key_including_implicit_rejection(string backendName)
    {
        var backend = Backend(backendName);
        foreach (var t in Cases("ml-kem-768-decapsulation.json"))
        {
            Assert.Equal(Hex(t, "k"), MlKem768.Decapsulate(Hex(t, "dk"), Hex(t, "c"), backend));
        }
    }

    [Fact]
    public void Decapsulation_vectors_cover_both_the_accepted_and_the_implicitly_rejected_path()
    {
        var rejected = 0;
        var accepted = 0;
        foreach (var t in Cases("ml-kem-768-decapsulation.json"))
        {
            var k = ManagedMlKem768.Decapsulate(Hex(t, "dk"), Hex(t, "c"), out var wasRejected);
            Assert.Equal(Hex(t, "k"), k);
            if (wasRejected) rejected++;
            else accepted++;
        }
        Assert.True(rejected > 0, "no implicit-rejection case in the vectors");
        Assert.True(accepted > 0, "no valid ciphertext in the vectors");
    }

    [Fact]
    public void Key_check_vectors_accept_and_reject_as_expected()
    {
        foreach (var t in Cases("ml-kem-768-encapsulation-key-check.json"))
        {
            Assert.Equal(t.GetProperty("testPassed").GetBoolean(), ManagedMlKem768.IsValidEncapsulationKey(Hex(t, "ek")));
        }
        foreach (var t in Cases("ml-kem-768-decapsulation-key-check.json"))
        {
            Assert.Equal(t.GetProperty("testPassed").GetBoolean(), ManagedMlKem768.IsValidDecapsulationKey(Hex(t, "dk")));
        }
    }

    [Fact]
    public void Invalid_encapsulation_keys_are_refused_before_encapsulating()
    {
        var bad = Cases("ml-kem-768-encapsulation-key-check.json").First(t => !t.GetProperty("testPassed").GetBoolean());
        Assert.Throws<CryptographicException>(() => MlKem768.Encapsulate(Hex(bad, "ek")));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Random_encapsulation_round_trips_and_a_flipped_ciphertext_bit_gives_another_key(string backendName)
    {
        var backend = Backend(backendName);
        var seed = RandomNumberGenerator.GetBytes(64);
        var ek = MlKem768.EncapsulationKeyFromSeed(seed, backend);
        var dk = MlKem768.DecapsulationKeyFromSeed(seed, backend);
        var (k, c) = MlKem768.Encapsulate(ek, backend);
        Assert.Equal(k, MlKem768.Decapsulate(dk, c, backend));
        c[17] ^= 1;
        Assert.NotEqual(k, MlKem768.Decapsulate(dk, c, backend));
    }
}
