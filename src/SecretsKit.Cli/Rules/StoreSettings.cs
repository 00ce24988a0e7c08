using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Core.Config;

namespace SecretsKit.Cli.Rules;

/// <summary>The <c>stores</c> section of the nearest <c>.sops.yaml</c> (indentation), read for every command as sops does.</summary>
internal static class StoreSettings
{
    public static StoresConfig Load(CliContext context, ParseResult r, string? targetFile)
    {
        var location = new ConfigLocator(context.Environment).Locate(r.GetValue(GlobalFlags.Config), targetFile);
        if (!location.Found) return StoresConfig.Default;
        StoresConfig stores;
        try
        {
            stores = ConfigCache.Load(location.Path!).Stores;
        }
        catch (Core.Errors.SecretsKitException e)
        {
            // Unlike sops, a broken .sops.yaml does not stop commands that only need its indentation settings.
            context.Info($"warning: ignoring the stores settings: {e.Message}");
            return StoresConfig.Default;
        }
        // -1 means "tab" for JSON; the formats take null for that.
        return new StoresConfig(stores.YamlIndent, stores.JsonIndent is -1 ? null : stores.JsonIndent,
            stores.JsonBinaryIndent is -1 ? null : stores.JsonBinaryIndent);
    }
}
