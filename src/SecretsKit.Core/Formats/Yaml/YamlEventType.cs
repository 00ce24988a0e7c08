namespace SecretsKit.Core.Formats.Yaml;

internal enum YamlEventType
{
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    MappingStart,
    MappingEnd,
    SequenceStart,
    SequenceEnd,
    Scalar,
}
