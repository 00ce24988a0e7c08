using System.CommandLine;
using System.Globalization;
using System.Text;

namespace SecretsKit.Cli.Commands.Catalog;

/// <summary>
/// The manual page, secretskit(1), in roff (the man(7) macros), written from the command tree itself: every command
/// and subcommand with its usage, description, arguments and options, so the page cannot drift from <c>--help</c>.
/// Hidden commands and options (sops compatibility aliases) are left out, as help leaves them out.
/// </summary>
internal static class ManPage
{
    /// <summary>The exit codes scripts meet most (docs/reference/exit-codes.md has every one).</summary>
    private static readonly (int Code, string Meaning)[] ExitStatus =
    [
        (0, "success"),
        (1, "generic error: bad flags, a mistyped command, a failed helm stage in release"),
        (2, "could not read the input file"),
        (3, "could not write the output file"),
        (8, "conflicting parameters"),
        (25, "error decrypting the tree: a value fails to decrypt"),
        (51, "MAC mismatch, or the MAC is missing"),
        (100, "no file specified, or the file is missing"),
        (128, "could not retrieve the data key: no key at hand opens the file"),
        (200, "file has not been modified (edit)"),
        (201, "no editor found, or the editor failed"),
        (203, "file already encrypted"),
    ];

    /// <summary>The environment variables that choose keys, rules and the editor, as sops reads them.</summary>
    private static readonly (string Name, string Meaning)[] Environment =
    [
        ("SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD", "age identities for decryption (default file: $XDG_CONFIG_HOME/sops/age/keys.txt)"),
        ("SOPS_AGE_RECIPIENTS", "age recipients for encrypt"),
        ("SOPS_PGP_FP", "PGP fingerprints for encrypt; GNUPGHOME for the keyring"),
        ("SOPS_KMS_ARN, SOPS_GCP_KMS_IDS, SOPS_AZURE_KEYVAULT_URLS, SOPS_VAULT_URIS", "cloud and Vault keys for encrypt"),
        ("SOPS_CONFIG", "the .sops.yaml to use instead of searching for one"),
        ("SOPS_EDITOR, EDITOR", "the editor for edit"),
        ("SECRETSKIT_DEBUG", "set to show the full error with its stack trace"),
    ];

    public static string Write(Command root, string version, DateOnly date)
    {
        var w = new StringBuilder();
        w.Append(CultureInfo.InvariantCulture, $".TH SECRETSKIT 1 \"{date:yyyy-MM-dd}\" \"secretskit {Escape(version)}\" \"User Commands\"\n");
        w.Append(".SH NAME\nsecretskit \\- SOPS\\-compatible secrets for files, Helm releases and Kubernetes\n");
        w.Append(".SH SYNOPSIS\n.B secretskit\n.RI [ global\\-options ] \" command \" [ options ] \" file\"\n.br\n");
        w.Append(".B secretskit\n.RI [ sops\\-flags ] \" file\"\n");
        w.Append(".SH DESCRIPTION\n").Append(Escape(root.Description ?? "")).Append('\n');
        w.Append(".PP\nFiles written by secretskit open in sops and the other way round. ");
        w.Append("Started through a link named \\fBsops\\fR, it takes sops's legacy flags (\\fB\\-d\\fR, \\fB\\-e\\fR, \\fB\\-i\\fR) and prints sops's version line.\n");
        w.Append(".SH COMMANDS\n");
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
        {
            WriteCommand(w, command, "secretskit");
        }
        w.Append(".SH GLOBAL OPTIONS\n");
        foreach (var option in root.Options.Where(o => !o.Hidden)) WriteOption(w, option);
        w.Append(".SH EXIT STATUS\nThe exit codes are sops's (cmd/sops/codes); those met most:\n");
        foreach (var (code, meaning) in ExitStatus)
        {
            w.Append(CultureInfo.InvariantCulture, $".TP\n.B {code}\n{Escape(meaning)}\n");
        }
        w.Append(".PP\nhelm, exec\\-env and exec\\-file pass their child's code through.\n");
        w.Append(".SH ENVIRONMENT\n");
        foreach (var (name, meaning) in Environment) w.Append(".TP\n.B ").Append(Escape(name)).Append('\n').Append(Escape(meaning)).Append('\n');
        w.Append(".SH FILES\n.TP\n.B .sops.yaml\ncreation rules, searched upward from the file's directory, then from the working directory\n");
        w.Append(".SH SEE ALSO\n.BR sops (1),\n.BR age (1),\n.BR helm (1),\n.BR gpg (1)\n");
        return w.ToString();
    }

    private static void WriteCommand(StringBuilder w, Command command, string parent)
    {
        var path = $"{parent} {command.Name}";
        w.Append(".SS \"").Append(Escape(path)).Append("\"\n");
        w.Append(".B ").Append(Escape(path)).Append('\n');
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        if (command.Options.Any(o => !o.Hidden)) w.Append(".RI [ options ]\n");
        foreach (var argument in arguments)
        {
            var label = argument.Arity.MaximumNumberOfValues > 1 ? argument.Name + " ..." : argument.Name;
            w.Append(argument.Arity.MinimumNumberOfValues == 0 ? ".RI [ " + Escape(label) + " ]\n" : ".I " + Escape(label) + "\n");
        }
        if (command.Subcommands.Any(c => !c.Hidden)) w.Append(".I command\n");
        w.Append(".PP\n").Append(Escape(command.Description ?? "")).Append('\n');
        foreach (var argument in arguments.Where(a => !string.IsNullOrEmpty(a.Description)))
        {
            w.Append(".TP\n.I ").Append(Escape(argument.Name)).Append('\n').Append(Escape(argument.Description!)).Append('\n');
        }
        foreach (var option in command.Options.Where(o => !o.Hidden && !o.Recursive)) WriteOption(w, option);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden)) WriteCommand(w, sub, path);
    }

    private static void WriteOption(StringBuilder w, Option option)
    {
        var names = option.Aliases.Where(a => a != option.Name).OrderBy(a => a.Length).Append(option.Name);
        var value = option.Arity.MaximumNumberOfValues == 0 ? "" : " \\fI" + Escape(option.HelpName ?? option.Name.TrimStart('-')) + "\\fR";
        w.Append(".TP\n").Append(string.Join(", ", names.Select(n => "\\fB" + Escape(n) + "\\fR"))).Append(value).Append('\n');
        w.Append(Escape(option.Description ?? "")).Append('\n');
    }

    /// <summary>
    /// Text as roff prints it: backslashes and hyphens escaped, no line starting a request, and every character beyond
    /// ASCII as its <c>\[uXXXX]</c> escape (troff reads its input as Latin-1 unless a preprocessor converts it).
    /// </summary>
    internal static string Escape(string text)
    {
        var w = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\': w.Append("\\e"); break;
                case '-': w.Append("\\-"); break;
                case < 128: w.Append((char)rune.Value); break;
                default: w.Append(CultureInfo.InvariantCulture, $"\\[u{rune.Value:X4}]"); break;
            }
        }
        return string.Join('\n', w.ToString().Split('\n').Select(line => line.StartsWith('.') || line.StartsWith('\'') ? "\\&" + line : line));
    }
}
