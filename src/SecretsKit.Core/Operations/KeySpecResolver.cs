using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Operations;

/// <summary>Turns the key specs of a creation rule into master keys through the registered key sources.</summary>
public static class KeySpecResolver
{
    public static IReadOnlyList<IReadOnlyList<IMasterKey>> Resolve(KeySourceRegistry registry, IReadOnlyList<KeyGroupSpec> groups, KeyParseOptions? options = null) =>
        groups.Where(g => g.Keys.Count > 0).Select(g => (IReadOnlyList<IMasterKey>)g.Keys.Select(k => Resolve(registry, k, options)).ToList()).ToList();

    public static IMasterKey Resolve(KeySourceRegistry registry, KeySpec spec, KeyParseOptions? options = null)
    {
        var source = registry.All.FirstOrDefault(s => s.ConfigGroupKey == spec.ConfigGroupKey)
            ?? throw new SecretsKitException(ExitCodes.Generic, $"{spec.ConfigGroupKey} keys are not supported by SecretsKit");
        return spec.IsStructured
            ? source.FromConfigObject(spec.Fields!, spec.Context)
            : source.Parse(spec.Text ?? "", options ?? KeyParseOptions.None);
    }
}
