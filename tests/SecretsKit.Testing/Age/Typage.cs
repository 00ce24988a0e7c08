using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Age;

/// <summary>
/// typage (npm <c>age-encryption</c>, the TypeScript age by age's author), installed by scripts/setup.sh into
/// <c>.tools/typage/0.3.1</c> and driven with node through <c>typage.mjs</c>: the real peer for age 1.3's post-quantum
/// hybrid keys and tag recipients. Keys and payloads go over stdin, never argv.
/// </summary>
public static class Typage
{
    public const string Version = "0.3.1";

    private static readonly Lazy<string> Directory = new(Find);

    public static async Task<(string Identity, string Recipient)> GenerateHybridAsync()
    {
        var r = await CallAsync(new JsonObject { ["op"] = "keygen" });
        return ((string)r["identity"]!, (string)r["recipient"]!);
    }

    public static async Task<string> RecipientOfAsync(string identity) =>
        (string)(await CallAsync(new JsonObject { ["op"] = "recipient", ["identity"] = identity }))["recipient"]!;

    /// <summary>Encrypts to the recipients and armors, as sops stores an age <c>enc</c>.</summary>
    public static async Task<string> EncryptArmoredAsync(byte[] payload, params string[] recipients)
    {
        var request = new JsonObject { ["op"] = "encrypt", ["recipients"] = Array(recipients), ["data"] = Convert.ToBase64String(payload) };
        return (string)(await CallAsync(request))["armored"]!;
    }

    /// <summary>Decrypts an armored age file with the identities.</summary>
    public static async Task<byte[]> DecryptAsync(string armored, params string[] identities)
    {
        var request = new JsonObject { ["op"] = "decrypt", ["identities"] = Array(identities), ["data"] = armored };
        return Convert.FromBase64String((string)(await CallAsync(request))["data"]!);
    }

    /// <summary>A software key for a tag recipient (<c>age1tag1…</c>, or <c>age1tagpq1…</c> when <paramref name="hybrid"/>).</summary>
    public static async Task<(string Secret, string Recipient)> GenerateTagAsync(bool hybrid)
    {
        var r = await CallAsync(new JsonObject { ["op"] = "tag-keygen", ["hybrid"] = hybrid });
        return ((string)r["secret"]!, (string)r["recipient"]!);
    }

    /// <summary>Decrypts with typage's Decrypter and a software identity for the tag stanza (see typage.mjs).</summary>
    public static async Task<byte[]> DecryptTagAsync(string armored, string secret, bool hybrid)
    {
        var request = new JsonObject { ["op"] = "tag-decrypt", ["hybrid"] = hybrid, ["secret"] = secret, ["data"] = armored };
        return Convert.FromBase64String((string)(await CallAsync(request))["data"]!);
    }

    private static JsonArray Array(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    private static async Task<JsonNode> CallAsync(JsonObject request)
    {
        var script = System.IO.Path.Combine(SharedFixtures.RepositoryRoot, "tests", "SecretsKit.Testing", "Age", "typage.mjs");
        var env = new Dictionary<string, string?> { ["TYPAGE_DIR"] = Directory.Value };
        var result = await ProcessRun.RunAsync("node", [script], env, Encoding.UTF8.GetBytes(request.ToJsonString()),
            timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0) throw new InvalidOperationException($"typage {request["op"]} failed: {result.Stderr.Trim()}");
        return JsonNode.Parse(result.StdoutText) ?? throw new InvalidOperationException("typage gave no answer");
    }

    private static string Find()
    {
        var dir = System.IO.Path.Combine(SharedFixtures.RepositoryRoot, ".tools", "typage", Version);
        var package = System.IO.Path.Combine(dir, "node_modules", "age-encryption", "package.json");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException($"typage {Version} is not installed in {dir}: run scripts/setup.sh");
        }
        return dir;
    }
}
