using System.Text.Json.Serialization;

namespace SecretsKit.Deploy.Release.Records;

/// <summary>Source-generated JSON of <see cref="ReleaseRecord"/>: camelCase, nulls left out, indented.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true, MaxDepth = 16)]
[JsonSerializable(typeof(ReleaseRecord))]
internal sealed partial class ReleaseRecordJson : JsonSerializerContext;
