using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Edition;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cli.Flags;

/// <summary>
/// One <c>--&lt;flag stem&gt;</c> flag per registered key source (<see cref="KeyKind.FlagStem"/>, with its
/// <see cref="KeyKind.ShortFlag"/> and <see cref="KeyKind.RecipientsVariable"/>), plus <c>--encryption-context</c>,
/// <c>--aws-profile</c> and the Shamir threshold. With <paramref name="prefix"/> "add-"/"rm-" it builds rotate's flags.
/// </summary>
internal sealed class KeyFlags
{
    private readonly List<(IKeySource Source, Option<string?> Option)> _keys = new();
    private readonly string _prefix;

    /// <param name="shortAliases">false on a command whose own short flags they could shadow (<c>release</c>).</param>
    public KeyFlags(KeySourceRegistry registry, string prefix = "", bool shortAliases = true)
    {
        _prefix = prefix;
        foreach (var source in registry.All)
        {
            var aliases = shortAliases && prefix.Length == 0 && source.Kind.ShortFlag is { } a ? new[] { a } : Array.Empty<string>();
            var env = prefix.Length == 0 ? source.RecipientsEnvironmentVariable : null;
            _keys.Add((source, new Option<string?>($"--{prefix}{source.CliName}", aliases)
            {
                Description = $"comma-separated {source.KeyType} keys{(env is null ? "" : $" (also {env})")}",
            }));
        }
    }

    public Option<string?> EncryptionContext { get; } = new("--encryption-context") { Description = "KMS encryption context, k1:v1,k2:v2" };

    public Option<string?> AwsProfile { get; } = new("--aws-profile") { Description = "AWS profile for KMS keys" };

    public Option<int> ShamirThreshold { get; } = new("--shamir-secret-sharing-threshold") { Description = "number of key groups needed to decrypt" };

    /// <summary>Every option (the key flags, <c>--encryption-context</c>, <c>--aws-profile</c>, the Shamir threshold), for a caller adding them itself.</summary>
    public IEnumerable<Option> All => [.. _keys.Select(k => (Option)k.Option), EncryptionContext, AwsProfile, ShamirThreshold];

    /// <param name="withContext">false when another KeyFlags on the same command already adds <c>--encryption-context</c>.</param>
    public void AddTo(Command command, bool withThreshold = true, bool withContext = true)
    {
        foreach (var (_, option) in _keys) command.Add(option);
        if (withContext) command.Add(EncryptionContext);
        if (_prefix.Length == 0) command.Add(AwsProfile);
        if (withThreshold) command.Add(ShamirThreshold);
    }

    /// <summary>Keys given by flags (or their environment variables), in sops's command-line group order; empty when none.</summary>
    public IReadOnlyList<IMasterKey> Read(ParseResult result, CliContext context)
    {
        var options = new KeyParseOptions(ParseContext(result.GetValue(EncryptionContext)), _prefix.Length == 0 ? result.GetValue(AwsProfile) : null);
        var keys = new List<IMasterKey>();
        // sops's command-line group order (spec §9), each kind's FlagRank: kms, gcp_kms, hckms, azure_kv, pgp, hc_vault, age.
        var inFlagOrder = _keys.ToArray();
        Array.Sort(inFlagOrder, (a, b) => a.Source.Kind.FlagRank.CompareTo(b.Source.Kind.FlagRank));
        foreach (var (source, option) in inFlagOrder)
        {
            var text = result.GetValue(option);
            if (string.IsNullOrWhiteSpace(text) && _prefix.Length == 0 && source.RecipientsEnvironmentVariable is { } env)
            {
                text = context.Environment.Get(env);
            }
            if (string.IsNullOrWhiteSpace(text)) continue;
            foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                keys.Add(source.Parse(part, options));
            }
        }
        return keys;
    }

    /// <summary><c>--encryption-context</c> parsed exactly as sops does (<see cref="CliEdition.ParseEncryptionContext"/>); null when not given.</summary>
    public static IReadOnlyDictionary<string, string>? ParseContext(string? text) =>
        string.IsNullOrEmpty(text) ? null : CliEdition.ParseEncryptionContext(text);
}
