using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Core.Age;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Agent.Tests.Controllers.Sops;

/// <summary>Makes real SOPS documents (Core engine, age) and SopsSecret objects on an <see cref="AgentCluster"/>.</summary>
internal static class SopsTestKit
{
    private static readonly KeySourceContext Isolated = new(new MapEnvironment(new Dictionary<string, string>(), "", "/"),
        SystemProcessRunner.Instance, TimeProvider.System);

    public static GeneratedAgeKey NewKey() => new AgeKeyGenerator(TimeProvider.System).Generate();

    /// <summary>Encrypts a plaintext document (YAML or JSON text) for <paramref name="recipient"/>, as <c>secretskit encrypt</c> does.</summary>
    public static string Encrypt(string plain, string recipient, string format = "yaml", CryptRules? rules = null, bool macOnlyEncrypted = false)
    {
        var source = new AgeKeySource(Isolated);
        var engine = new SopsEngine(new KeySourceRegistry().Register(source), TimeProvider.System);
        var fmt = FormatRegistry.Create(format);
        var tree = fmt.ParsePlain(Encoding.UTF8.GetBytes(plain));
        var settings = new EncryptionSettings([[source.Parse(recipient, KeyParseOptions.None)]], Rules: rules, MacOnlyEncrypted: macOnlyEncrypted);
        var encrypted = engine.EncryptAsync(tree, settings).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(encrypted.Emit(fmt));
    }

    public static JsonObject Spec(string document, string? keySecret = "sops-age-key", string keyName = "identity.agekey", JsonObject? target = null)
    {
        var spec = new JsonObject { ["sops"] = document };
        if (keySecret is not null)
        {
            spec["decryption"] = new JsonObject { ["keySecretRef"] = new JsonObject { ["name"] = keySecret, ["key"] = keyName } };
        }
        if (target is not null) spec["target"] = target;
        return spec;
    }

    public static JsonObject SopsSecret(this AgentCluster c, string ns, string name, JsonObject spec) =>
        c.Server.Create(FakeResourceType.SopsSecret, ns, new JsonObject
        {
            ["apiVersion"] = "secretskit.io/v1alpha1",
            ["kind"] = "SopsSecret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        });

    /// <summary>Replaces the spec (a new generation), keeping metadata.</summary>
    public static JsonObject UpdateSopsSecret(this AgentCluster c, string ns, string name, Action<JsonObject> edit)
    {
        var obj = c.Server.TryGet(FakeResourceType.SopsSecret, ns, name)!;
        edit((JsonObject)obj["spec"]!);
        return c.Server.Replace(FakeResourceType.SopsSecret, ns, name, obj);
    }

    public static void KeySecret(this AgentCluster c, string ns, string identities, string name = "sops-age-key", string key = "identity.agekey") =>
        c.Secret(ns, name, new Dictionary<string, string> { [key] = identities });

    public static JsonObject? SopsReady(this AgentCluster c, string ns, string name) =>
        c.Server.TryGet(FakeResourceType.SopsSecret, ns, name)?["status"]?["conditions"]?[0] as JsonObject;

    public static string? Reason(this AgentCluster c, string ns, string name) => c.SopsReady(ns, name)?["reason"]?.GetValue<string>();

    public static string Message(this AgentCluster c, string ns, string name) => c.SopsReady(ns, name)?["message"]?.GetValue<string>() ?? "";

    /// <summary>Events about SopsSecret <paramref name="ns"/>/<paramref name="name"/> as (type, reason, message).</summary>
    public static IReadOnlyList<(string Type, string Reason, string Message)> SopsEvents(this AgentCluster c, string ns, string name) =>
        [.. c.Server.All(FakeResourceType.CoreEvent)
            .Where(e => e["involvedObject"]?["kind"]?.GetValue<string>() == "SopsSecret"
                && e["involvedObject"]?["namespace"]?.GetValue<string>() == ns && e["involvedObject"]?["name"]?.GetValue<string>() == name)
            .Select(e => (e["type"]!.GetValue<string>(), e["reason"]!.GetValue<string>(), e["message"]!.GetValue<string>()))];

    /// <summary>A YAML manifest as the JSON object kubectl would send (scalars as strings; enough for a SopsSecret).</summary>
    public static JsonObject ManifestToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (JsonObject)ToJson(stream.Documents[0].RootNode)!;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}
