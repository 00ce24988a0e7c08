using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.Rules;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;

namespace SecretsKit.Cli.IO;

/// <summary>Chooses input and output formats from the flags, the file name (or <c>--filename-override</c>) and <c>--indent</c>.</summary>
internal sealed class FileFormats(CliContext context, ParseResult result, FormatFlags flags)
{
    public string? NameFor(string? path) => result.GetValue(flags.FilenameOverride) ?? (InputFile.IsStdin(path) ? null : path);

    public string DisplayName(string? path) => NameFor(path) ?? "<stdin>";

    public IFormat Input(string? path) =>
        FormatRegistry.Create(FormatRegistry.Resolve(result.GetValue(flags.InputType), NameFor(path)), Options(path));

    public IFormat Output(string? path, string inputName)
    {
        var name = result.GetValue(flags.OutputType) is { } t && FormatRegistry.Names.Contains(t) ? t : inputName;
        return FormatRegistry.Create(name, Options(path));
    }

    private FormatOptions Options(string? path)
    {
        var indent = result.GetValue(GlobalFlags.Indent);
        var stores = StoreSettings.Load(context, result, NameFor(path));
        return new FormatOptions(indent ?? stores.YamlIndent, indent ?? stores.JsonIndent, indent ?? stores.JsonBinaryIndent);
    }
}
