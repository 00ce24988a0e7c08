using System.CommandLine;

namespace SecretsKit.Cli.Flags;

/// <summary><c>--input-type</c>, <c>--output-type</c>, <c>--filename-override</c>.</summary>
internal sealed class FormatFlags
{
    public Option<string?> InputType { get; } = new("--input-type") { Description = "input format: yaml, json, dotenv, ini or binary (default: from the file extension)" };

    public Option<string?> OutputType { get; } = new("--output-type") { Description = "output format (default: the input format)" };

    public Option<string?> FilenameOverride { get; } = new("--filename-override") { Description = "use this file name to choose the format and creation rule (for stdin input)" };

    public void AddTo(Command command, bool output = true)
    {
        command.Add(InputType);
        if (output) command.Add(OutputType);
        command.Add(FilenameOverride);
    }
}
