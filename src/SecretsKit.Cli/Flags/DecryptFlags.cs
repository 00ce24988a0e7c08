using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Flags;

/// <summary><c>--ignore-mac</c> and <c>--decryption-order</c>.</summary>
internal sealed class DecryptFlags
{
    public Option<bool> IgnoreMac { get; } = new("--ignore-mac") { Description = "do not verify the MAC (values are still authenticated)" };

    public Option<string?> DecryptionOrder { get; } = new("--decryption-order") { Description = "comma-separated key types to try first (default age,pgp; also SOPS_DECRYPTION_ORDER)" };

    public void AddTo(Command command)
    {
        command.Add(IgnoreMac);
        command.Add(DecryptionOrder);
    }

    public DecryptOptions Read(ParseResult result, CliContext context) =>
        new(result.GetValue(IgnoreMac),
            Core.Operations.DecryptionOrder.Parse(result.GetValue(DecryptionOrder) ?? context.Environment.Get("SOPS_DECRYPTION_ORDER")));
}
