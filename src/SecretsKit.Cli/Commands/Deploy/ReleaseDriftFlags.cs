using System.CommandLine;
using SecretsKit.Deploy.Release.Session;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// <c>release drift</c>'s own flags (<c>--ignore KIND[/NAME]:POINTER</c>, <c>-o text|json</c>); the run is the release
/// runner's: the selected releases' manifests against the live objects; exit 0, 2 on drift with
/// <c>--detailed-exitcode</c>, 1 when a release could not be read.
/// </summary>
internal sealed record ReleaseDriftFlags(Option<string[]> Ignore, Option<string> Output)
{
    public static ReleaseDriftFlags AddTo(Command command)
    {
        var flags = new ReleaseDriftFlags(
            new("--ignore") { Description = "a field drift does not compare: KIND[/NAME]:/json/pointer, e.g. 'Deployment:/spec/replicas' (repeatable)" },
            new("--output", "-o") { Description = "text (one line per drifted field) or json", DefaultValueFactory = _ => "text" });
        flags.Output.AcceptOnlyFromAmong("text", "json");
        command.Add(flags.Ignore);
        command.Add(flags.Output);
        return flags;
    }

    /// <summary>The flags as the runner's drift request.</summary>
    public ReleaseDriftRequest Read(ParseResult r) => new(r.GetValue(Ignore) ?? [], r.GetValue(Output) == "json");
}
