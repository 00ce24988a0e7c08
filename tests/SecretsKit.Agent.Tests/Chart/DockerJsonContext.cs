using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Tests.Chart;

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class DockerJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
