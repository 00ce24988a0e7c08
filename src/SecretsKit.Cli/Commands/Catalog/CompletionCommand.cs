using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;

namespace SecretsKit.Cli.Commands.Catalog;

/// <summary>
/// <c>completion bash|zsh|fish</c> (sops 3.11 has bash and zsh): prints a script that asks secretskit itself for the
/// candidates through System.CommandLine's <c>[suggest:POSITION]</c> directive for the line up to the word being completed
/// (asked with the word itself, the parser would take a whole command name such as <c>dec</c> as typed and offer what
/// follows it), and keeps those that start with that word. Load it with <c>source &lt;(secretskit completion bash)</c>.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # secretskit completion for bash: source <(secretskit completion bash)
        _secretskit_complete() {
          local cur="${COMP_WORDS[COMP_CWORD]}" line="${COMP_LINE#* }"
          local pos=$(( COMP_POINT - ${#COMP_LINE} + ${#line} - ${#cur} ))
          line="${line:0:pos}"
          local IFS=$'\n'
          COMPREPLY=( $(compgen -W "$(secretskit "[suggest:$pos]" "$line" 2>/dev/null)" -- "$cur") )
        }
        complete -o default -F _secretskit_complete secretskit

        """;

    private const string ZshPrelude = """
        # secretskit completion for zsh: source <(secretskit completion zsh)
        autoload -U +X bashcompinit && bashcompinit

        """;

    private const string Fish = """
        # secretskit completion for fish: secretskit completion fish | source
        function __secretskit_complete
            set -l line (commandline -cp | string replace -r '^\S+\s*' '')
            set -l cur (commandline -ct)
            set -l pos (math (string length -- "$line") - (string length -- "$cur"))
            set line (string sub -l $pos -- "$line")
            secretskit "[suggest:$pos]" "$line" 2>/dev/null
        end
        complete -c secretskit -f -a '(__secretskit_complete)'

        """;

    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "print a shell completion script (bash, zsh or fish)") { shell };
        command.SetAction(async (r, ct) =>
        {
            var script = r.GetValue(shell) switch
            {
                "fish" => Fish,
                "zsh" => ZshPrelude + Bash,
                _ => Bash,
            };
            await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(script), ct);
            await context.Stdout.FlushAsync(ct);
            return 0;
        });
        return command;
    }
}
