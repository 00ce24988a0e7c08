using SecretsKit.Core.Errors;

namespace SecretsKit.KeyService;

/// <summary>
/// The command line <c>secretskit keyservice</c> hands over (it has already parsed and checked it with the CLI's parser):
/// <c>--network</c>/<c>--net</c>, <c>--address</c>/<c>--addr</c> (as <c>--flag value</c> or <c>--flag=value</c>),
/// <c>--prompt[=true|false]</c>; <c>--verbose</c> is accepted and changes nothing (every request is logged anyway).
/// </summary>
internal sealed record KeyServiceArguments(KeyServiceListenAddress Listen, bool Prompt)
{
    public static KeyServiceArguments Parse(IReadOnlyList<string> args)
    {
        string network = "tcp", address = "127.0.0.1:5000";
        var prompt = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (args[i][..eq], args[i][(eq + 1)..]) : (args[i], null);
            switch (name)
            {
                case "--network" or "--net":
                    network = inline ?? Next(args, ref i, name);
                    break;
                case "--address" or "--addr":
                    address = inline ?? Next(args, ref i, name);
                    break;
                case "--prompt":
                    prompt = inline is null || bool.TryParse(inline, out var yes) && yes;
                    break;
                case "--verbose":
                    break;
                default:
                    throw new SecretsKitException(ExitCodes.Generic, $"unknown argument '{args[i]}'", "usage: secretskit keyservice [--network tcp|unix] [--address ADDR] [--prompt]");
            }
        }
        return new KeyServiceArguments(KeyServiceListenAddress.Parse(network, address), prompt);
    }

    private static string Next(IReadOnlyList<string> args, ref int i, string name) =>
        ++i < args.Count ? args[i] : throw new SecretsKitException(ExitCodes.Generic, $"{name} needs a value");
}
