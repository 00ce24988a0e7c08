using System.CommandLine;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.Commands;

/// <summary>
/// sops verbs SecretsKit does not provide. They exist so that the word is not taken for a file to edit (sops's legacy form)
/// and the user learns why and what to do instead.
/// </summary>
internal static class UnsupportedCommands
{
    public static Command Publish(CliContext context) => Create("publish", "sops publish (not supported)",
        "publish is not supported: it uploads files to S3/GCS/Vault with sops's own destinations",
        "decrypt or re-encrypt with secretskit and upload with your cloud's own tool");

    private static Command Create(string name, string description, string message, string hint)
    {
        var rest = new Argument<string[]>("args") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(name, description) { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((_, _) => Task.FromException<int>(new SecretsKitException(ExitCodes.Generic, message, hint)));
        return command;
    }
}
