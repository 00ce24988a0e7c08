using System.Text;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Agent.Controllers.GeneratorStates;

/// <summary>
/// ESO's <c>generators.external-secrets.io/owner-key</c> label: which resource's which generator a GeneratorState belongs
/// to, as the SHA3-224 hex of <c>{Kind}-{namespace}-{name}-{key}</c> (ESO's <c>ObjectHash</c> of that string). The key is
/// the <c>dataFrom</c> index of an ExternalSecret and <see cref="PushSecretKey"/> for a PushSecret.
/// </summary>
internal static class GeneratorStateOwnerKey
{
    public const string Label = "generators.external-secrets.io/owner-key";

    /// <summary>The one generator of a PushSecret (<c>spec.selector.generatorRef</c>).</summary>
    public const string PushSecretKey = "__pushsecret";

    public static string Of(string kind, string ns, string name, string key) =>
        Sha3Digest.Hash224Hex(Encoding.UTF8.GetBytes($"{kind}-{ns}-{name}-{key}"));
}
