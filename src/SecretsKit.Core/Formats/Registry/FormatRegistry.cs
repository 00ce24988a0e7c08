using SecretsKit.Core.Formats.Binary;
using SecretsKit.Core.Formats.Dotenv;
using SecretsKit.Core.Formats.Ini;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Formats.Yaml;

namespace SecretsKit.Core.Formats.Registry;

/// <summary>Picks a format by name (<c>--input-type</c>/<c>--output-type</c>) or by file extension, as sops does.</summary>
public static class FormatRegistry
{
    public static readonly IReadOnlyList<string> Names = new[] { "yaml", "json", "dotenv", "ini", "binary" };

    /// <summary>yaml for .yaml/.yml, json for .json, dotenv for .env, ini for .ini, binary for anything else.</summary>
    public static string NameForPath(string? path)
    {
        var ext = Path.GetExtension(path ?? "").ToLowerInvariant();
        return ext switch
        {
            ".yaml" or ".yml" => "yaml",
            ".json" => "json",
            ".env" => "dotenv",
            ".ini" => "ini",
            _ => "binary",
        };
    }

    /// <summary>The explicit type when it is a known name, else the type from the path (sops falls back silently).</summary>
    public static string Resolve(string? explicitType, string? path) =>
        explicitType is not null && Names.Contains(explicitType) ? explicitType : NameForPath(path);

    public static IFormat Create(string name, FormatOptions? options = null)
    {
        options ??= FormatOptions.Default;
        return name switch
        {
            "yaml" => new YamlFormat(options.YamlIndent ?? 4),
            "json" => new JsonFormat(options.JsonIndent),
            "dotenv" => new DotenvFormat(),
            "ini" => new IniFormat(),
            _ => new BinaryFormat(options.JsonBinaryIndent),
        };
    }
}
