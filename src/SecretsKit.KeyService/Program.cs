using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.KeyService;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.KeyService;

// secretskit-keyservice [--network tcp|unix] [--address ADDR] [--prompt]: what `secretskit keyservice` execs.
var log = new KeyServiceLog(Console.Error, TimeProvider.System);
try
{
    var arguments = KeyServiceArguments.Parse(args);
    var keys = new KeySourceContext(SystemEnvironment.Instance, SystemProcessRunner.Instance, TimeProvider.System);
    var dispatcher = new KeyServiceDispatcher(CloudKeySources.CreateRegistry(keys, log.Write), log.Write)
    {
        Confirm = arguments.Prompt ? TerminalPrompt.Create() : null,
    };
    await KeyServiceHost.RunAsync(arguments.Listen, dispatcher, log);
    return 0;
}
catch (SecretsKitException e)
{
    Console.Error.WriteLine($"secretskit: error: {e.Message}");
    if (e.Hint is not null) Console.Error.WriteLine($"secretskit: hint: {e.Hint}");
    return e.ExitCode;
}
