using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Edition;
using SecretsKit.Core.Errors;
using SecretsKit.Core.KeyService;

namespace SecretsKit.Cli.Flags;

/// <summary>
/// sops's key service flags, valid on every verb: <c>--keyservice URI</c> (repeatable; else <c>SOPS_KEYSERVICE</c>,
/// comma-separated) and <c>--enable-local-keyservice</c> (default true; else <c>SOPS_ENABLE_LOCAL_KEYSERVICE</c>). A flag
/// replaces its variable, as in sops. A <c>tcp://</c> service off this machine gets a warning (data keys cross the network
/// unencrypted) unless <c>SECRETSKIT_KEYSERVICE_ALLOW_REMOTE=true</c>.
/// </summary>
internal static class KeyServiceFlags
{
    public const string AllowRemoteVariable = "SECRETSKIT_KEYSERVICE_ALLOW_REMOTE";

    public static Option<string[]> KeyService { get; } = new("--keyservice")
    {
        Description = "a sops key service to use after the local one: tcp://host:port or unix:///path (repeatable; also SOPS_KEYSERVICE)",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<bool> EnableLocal { get; } = new("--enable-local-keyservice")
    {
        Description = "use this process's own keys and credentials (default true; --enable-local-keyservice=false uses only --keyservice; also SOPS_ENABLE_LOCAL_KEYSERVICE)",
        Recursive = true,
    };

    /// <summary>Reads the flags and variables into <paramref name="selection"/>; only when a run names a remote service or turns the local one off.</summary>
    public static void Apply(ParseResult parse, CliContext context, KeyServiceSelection selection)
    {
        var uris = parse.GetResult(KeyService) is { Implicit: false }
            ? parse.GetValue(KeyService) ?? []
            : Split(context.Environment.Get("SOPS_KEYSERVICE"));
        var local = parse.GetResult(EnableLocal) is { Implicit: false }
            ? parse.GetValue(EnableLocal)
            : ParseBool(context.Environment.Get("SOPS_ENABLE_LOCAL_KEYSERVICE"));
        if (local && uris.Length == 0) return;
        var services = CliEdition.ConnectKeyServices(uris);
        if (!local && services.Count == 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, "the local key service is disabled and no --keyservice is given: no key can be used",
                "give --keyservice tcp://host:port or unix:///path, or drop --enable-local-keyservice=false");
        }
        foreach (var service in services.Where(s => !s.IsLocal))
        {
            if (!string.Equals(context.Environment.Get(AllowRemoteVariable), "true", StringComparison.OrdinalIgnoreCase))
            {
                context.Info($"warning: key service {service.Uri} is not on this machine: data keys cross the network unencrypted " +
                    $"(tunnel it over SSH to a unix socket, or set {AllowRemoteVariable}=true to silence this)");
            }
        }
        selection.Configure(local, services.Select(s => s.Client).ToList());
        foreach (var service in services) context.Step("SOPS", "Connecting to key service", $"address={service.Uri}");
    }

    private static string[] Split(string? value) =>
        string.IsNullOrEmpty(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Go's strconv.ParseBool, as sops reads the variable; unset or empty is true.</summary>
    private static bool ParseBool(string? value) => value switch
    {
        null or "" => true,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new SecretsKitException(ExitCodes.Generic,
            $"SOPS_ENABLE_LOCAL_KEYSERVICE must be true or false, not '{value}'"),
    };
}
