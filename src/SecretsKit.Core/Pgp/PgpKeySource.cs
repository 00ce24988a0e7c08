using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Pgp;

/// <summary>PGP fingerprints (<c>--pgp</c>, <c>SOPS_PGP_FP</c>, <c>pgp:</c> in <c>.sops.yaml</c>), used through <c>gpg</c>.</summary>
public sealed class PgpKeySource(KeySourceContext keySourceContext) : IKeySource
{
    public KeyKind Kind => KeyKinds.Pgp;

    public IMasterKey Parse(string text, KeyParseOptions options) => new PgpMasterKey(text, keySourceContext);

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context) =>
        throw new SecretsKitException(ExitCodes.Generic,
            "pgp keys in .sops.yaml are fingerprint strings, not objects",
            "write them as `pgp: [<fingerprint>, …]`");

    public IMasterKey FromEntry(MasterKeyEntry entry)
    {
        var fp = entry.Field("fp");
        if (fp.Length == 0)
        {
            throw new MalformedFileException(ExitCodes.Generic, "a pgp key in the sops metadata has no fp");
        }
        return new PgpMasterKey(fp, keySourceContext);
    }
}
