using System.CommandLine;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Cli.Infrastructure.KeyService;
using SecretsKit.Core.KeyService;

namespace SecretsKit.Cli.Commands;

/// <summary>
/// <c>secretskit keyservice</c>: sops's key service server (<c>--network tcp|unix</c>, <c>--address</c>, <c>--prompt</c>),
/// wrapping and unwrapping data keys for remote <c>--keyservice</c> clients with this machine's keys and credentials.
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
        command.SetAction(async (parse, _) =>
        {
            var listen = KeyServiceListenAddress.Parse(parse.GetValue(network)!, parse.GetValue(address)!);
            var dispatcher = new KeyServiceDispatcher(context.Registry, Log(context))
            {
                Confirm = parse.GetValue(prompt) ? Prompter(context) : null,
            };
            await KeyServiceHost.RunAsync(listen, dispatcher, Log(context));
            return 0;
        });
        return command;
    }

    private static Action<string> Log(CliContext context) => message =>
    {
        lock (context.Stderr) context.Stderr.WriteLine($"[KEYSERVICE]\t INFO[{context.Time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}] {message}");
    };

    /// <summary>sops's question on the terminal, one request at a time; end of input refuses.</summary>
    private static Func<string, string, CancellationToken, Task<bool>> Prompter(CliContext context)
    {
#pragma warning disable CA2000 // one gate for the server's life (the process)
        var gate = new SemaphoreSlim(1, 1);
#pragma warning restore CA2000
        return async (operation, key, cancellationToken) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await Task.Run(() =>
                {
                    while (true)
                    {
                        var question = System.Text.Encoding.UTF8.GetBytes($"\nReceived {operation} request using {key}. Respond to request? (y/n): ");
                        context.Stdout.Write(question);
                        context.Stdout.Flush();
                        var answer = context.ReadLine();
                        if (answer is null) return false;
                        if (answer.Trim() is "y" or "n") return answer.Trim() == "y";
                    }
                }, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        };
    }
}
