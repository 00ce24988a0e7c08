using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Processes;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// <c>secretskit keyservice</c>: sops's key service server (<c>--network tcp|unix</c>, <c>--address</c>, <c>--prompt</c>),
/// wrapping and unwrapping data keys for remote <c>--keyservice</c> clients with this machine's keys and credentials. The
/// server is its own executable (<see cref="KeyServiceExecutable"/>): this process becomes it.
/// </summary>
internal static class KeyserviceCommand
{
    public static Command Create(CliContext context)
    {
        var network = new Option<string>("--network", "--net") { Description = "network to listen on: tcp or unix", DefaultValueFactory = _ => "tcp" };
        var address = new Option<string>("--address", "--addr")
        {
            Description = "address to listen on: host:port for tcp (port 0 picks a free one), a socket path for unix",
            DefaultValueFactory = _ => "127.0.0.1:5000",
        };
        var prompt = new Option<bool>("--prompt") { Description = "ask on the terminal before answering each request" };
        var command = new Command("keyservice", "serve sops's key service (gRPC) with this machine's keys") { network, address, prompt };
        command.SetAction(parse =>
        {
            var arguments = new List<string> { "--network", parse.GetValue(network)!, "--address", parse.GetValue(address)! };
            if (parse.GetValue(prompt)) arguments.Add("--prompt");
            KeyServiceExecutable.Exec(arguments);
            return 0;
        });
        return command;
    }
}
