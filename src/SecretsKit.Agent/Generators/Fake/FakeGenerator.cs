using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Fake;

/// <summary>ESO's <c>Fake</c> generator: every <c>spec.data</c> entry as a key with its string value, for tests and demos.</summary>
internal sealed class FakeGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("fakes", "Fake");

    public string ClusterSpecKey => "fakeSpec";

    public Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (call.Spec["data"] is JsonObject entries)
        {
            foreach (var (key, value) in entries)
            {
                data[key] = Encoding.UTF8.GetBytes(Json.Str(value) ?? throw call.Fail($"spec.data.{key} is not a string"));
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, byte[]>>(data);
    }
}
