using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.KeyService;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Edition;

/// <summary>
/// The lean native CLI's side of what the two builds do differently (the full CLI's is src/SecretsKit.Cli/Edition/CliEdition.cs,
/// which this build leaves out): only Core's key sources (age, PGP) plus a stand-in per cloud kind, standard input recorded,
/// and a run that needs more (<see cref="FullBinaryRequired"/>) handed to the full CLI, <see cref="FullBinary"/>.
/// </summary>
internal static class CliEdition
{
    private static RecordedStdin? _stdin;

    /// <summary>Age and PGP, then a stand-in for each cloud kind (<see cref="HandOffKeySource"/>), as the full CLI orders them.</summary>
    public static KeySourceRegistry KeySources(KeySourceContext context, Action<string> warn) =>
        HandOffKeySource.Register(new KeySourceRegistry()
            .Register(new Core.Age.AgeKeySource(context, warn: warn)).Register(new Core.Pgp.PgpKeySource(context)));

    /// <summary>Standard input, recorded, so a run handed over after reading it can give the full CLI the same input.</summary>
#pragma warning disable CA2000 // the process's standard input lives as long as the process; the CLI never closes it
    public static Stream OpenStdin() => _stdin = new RecordedStdin(Console.OpenStandardInput());
#pragma warning restore CA2000

    /// <summary>Remote key services are the full CLI's (SecretsKit.Cloud's gRPC client).</summary>
    public static IReadOnlyList<(string Uri, bool IsLocal, IKeyService Client)> ConnectKeyServices(IReadOnlyList<string> uris) =>
        throw new FullBinaryRequired("a key service");

    /// <summary><c>--encryption-context</c> is for KMS keys, which are the full CLI's.</summary>
    public static IReadOnlyDictionary<string, string> ParseEncryptionContext(string text) => throw new FullBinaryRequired("--encryption-context");

    /// <summary><c>scan --recipients</c> reads the helmfile state beside a promotion file: the full CLI's (Deploy).</summary>
    public static Task<IReadOnlyList<RecipientFinding>> EnvironmentRecipientsAsync(string directory, IEnvironment environment, IProcessRunner processes,
        SopsEngine engine, Action<string> warn, CancellationToken ct) => throw new FullBinaryRequired("scan --recipients");

    /// <summary>
    /// For a <see cref="FullBinaryRequired"/>, becomes the full CLI (and returns only when that fails, with the error to
    /// report); any other failure is returned as it is.
    /// </summary>
    public static Exception HandOver(Exception failure)
    {
        if (failure is not FullBinaryRequired required) return failure;
        try
        {
            FullBinary.Exec(required, _stdin);
            return failure; // not reached: Exec returns only by throwing
        }
        catch (SecretsKitException e)
        {
            return e;
        }
    }
}
