using SecretsKit.Core.Keys;

namespace SecretsKit.Core.KeyService;

/// <summary>
/// Puts a <see cref="KeyServiceSelection"/> between the operations and the key sources: every source of the returned
/// registry hands out keys that go through the selected services (<see cref="RoutedMasterKey"/>), or the plain keys
/// when the selection is local only.
/// </summary>
public static class KeyServiceRouting
{
    public static KeySourceRegistry Apply(KeySourceRegistry registry, KeyServiceSelection selection)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var routed = new KeySourceRegistry();
        foreach (var source in registry.All) routed.Register(new RoutedKeySource(source, selection));
        return routed;
    }

    private sealed class RoutedKeySource(IKeySource inner, KeyServiceSelection selection) : IKeySource
    {
        public KeyKind Kind => inner.Kind;

        public IMasterKey Parse(string text, KeyParseOptions options) => Route(inner.Parse(text, options));

        public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context) =>
            Route(inner.FromConfigObject(fields, context));

        public IMasterKey FromEntry(MasterKeyEntry entry) => Route(inner.FromEntry(entry));

        private IMasterKey Route(IMasterKey key) => selection.IsLocalOnly ? key : new RoutedMasterKey(key, selection);
    }
}
