using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Cli.Rules;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary>
/// <c>edit file</c>: decrypt into a private 0700 temp dir, run the editor, re-encrypt with the same data key (unchanged
/// values keep their ciphertext) and replace the file atomically. A new file is created from the creation rules. The
/// run itself is an <see cref="EditSession"/>.
/// </summary>
internal static class EditCommand
{
    public static Command Create(CliContext context, string name = "edit")
    {
        var file = new Argument<string>("file") { Description = "file to edit (created when missing)" };
        var formats = new FormatFlags();
        var keys = new KeyFlags(context.Registry);
        var rules = new CryptRuleFlags();
        var decrypt = new DecryptFlags();
        var preserve = PreserveFormatFlag.Create("keep the file's YAML layout (the default when the file is not in the standard layout)");
        var showKeys = new Option<bool>("--show-master-keys", "-s")
        {
            Description = "show the sops metadata (master keys) in the editor; key changes made there take effect",
        };
        var command = new Command(name, "edit an encrypted file in $SOPS_EDITOR / $EDITOR") { file, preserve, showKeys };
        formats.AddTo(command);
        keys.AddTo(command);
        rules.AddTo(command);
        decrypt.AddTo(command);
        command.SetAction((r, ct) =>
        {
            var path = r.GetValue(file)!;
            var format = new FileFormats(context, r, formats).Input(path);
            var session = new EditSession(context, path, format, r.GetValue(showKeys), r.GetValue(preserve));
            return session.RunAsync(decrypt.Read(r, context), () => EncryptionPlanner.Plan(context, r, keys, rules, path), ct);
        });
        return command;
    }
}
