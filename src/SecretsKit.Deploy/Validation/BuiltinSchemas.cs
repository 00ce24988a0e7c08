using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// The Kubernetes schemas embedded in this assembly (<c>Validation/Schemas/k8s-&lt;minor&gt;.json.gz</c>, embedded inflated, and its index
/// <c>k8s-&lt;minor&gt;.index</c>, made by <c>scripts/k8s-schemas/bundle.sh</c> from Kubernetes' published OpenAPI v3 spec).
/// One instance per minor, loaded once.
/// </summary>
internal sealed class BuiltinSchemas
{
    private const string Prefix = "SecretsKit.Deploy.Validation.Schemas.k8s-";
    /// <summary>
    /// The minors whose bundles are embedded (<c>Validation/Schemas/k8s-&lt;minor&gt;.json.gz</c>), oldest first. Written
    /// here, not listed from the assembly's resources at every start: that list is reflection's first use in a native
    /// process (~0.3 ms of a one-shot validate's main thread, before any input is read). A test holds it to the resources.
    /// </summary>
    private static readonly string[] BuiltIn = ["1.32", "1.35"];
    private static readonly Dictionary<string, Loading> Loaded = BuiltIn.ToDictionary(m => m, m => new Loading(m), StringComparer.Ordinal);

    private readonly Dictionary<string, string> _kinds;

    private BuiltinSchemas(string minor, string source, Dictionary<string, string> kinds, SchemaSet schemas)
    {
        Minor = minor;
        Source = source;
        _kinds = kinds;
        Schemas = schemas;
    }

    public string Minor { get; }

    /// <summary>Where the bundle's spec came from (written into it by the generator).</summary>
    public string Source { get; }

    public SchemaSet Schemas { get; }

    /// <summary>The minors built in, oldest first (e.g. 1.32, 1.35).</summary>
    public static IReadOnlyList<string> Available => BuiltIn;

    /// <summary>
    /// The bundle for <paramref name="kubeVersion"/> (<c>1.32</c>, <c>v1.32.4</c>): that minor when built in, else the
    /// newest built-in minor not newer than it (the oldest when it is older than all); null: the newest.
    /// </summary>
    public static BuiltinSchemas For(string? kubeVersion) => LoadAsync(MinorFor(kubeVersion)).GetAwaiter().GetResult();

    /// <summary>The built-in minor <see cref="For"/> picks for <paramref name="kubeVersion"/>, without loading its bundle;
    /// a version that is not one throws <see cref="SchemaException"/>.</summary>
    public static string MinorFor(string? kubeVersion)
    {
        if (kubeVersion is null) return Available[^1];
        var wanted = ParseMinor(kubeVersion) ?? throw new SchemaException(
            $"--kube-version '{kubeVersion}' is not a Kubernetes version (expected e.g. 1.35 or v1.35.0)");
        return Available.LastOrDefault(m => ParseMinor(m) <= wanted) ?? Available[0];
    }

    /// <summary>The bundle of a built-in <paramref name="minor"/>, loaded once: on the calling thread when no one has begun
    /// loading it (<see cref="LoadHere"/>, <see cref="LoadInBackground"/>), else when that load ends.</summary>
    public static Task<BuiltinSchemas> LoadAsync(string minor)
    {
        LoadHere(minor);
        return Loaded[minor].Task;
    }

    /// <summary>Loads <paramref name="minor"/>'s bundle on the calling thread unless its load has begun (then returns at
    /// once): one more item of the work a validation's document workers share (<see cref="ManifestValidator"/>).</summary>
    public static void LoadHere(string minor)
    {
        var loading = Loaded[minor];
        if (loading.TryBegin()) loading.Run();
    }

    /// <summary>Begins loading <paramref name="minor"/>'s bundle on a thread of its own, unless it has begun: for a caller
    /// about to read a slow input (a pipe) on one core while the other idles. Not on the thread pool: a one-shot validate
    /// then never starts the pool, whose idle workers spin on a 2-core machine while the document workers run.</summary>
    public static void LoadInBackground(string minor)
    {
        var loading = Loaded[minor];
        if (loading.TryBegin()) _ = Task.Factory.StartNew(loading.Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The schema of a built-in kind, or null.</summary>
    public SchemaNode? Find(SchemaKey key) =>
        _kinds.TryGetValue(key.ApiVersion + "/" + key.Kind, out var name) ? Schemas.Find(name) : null;

    /// <summary>True when <paramref name="key"/> is one of this minor's built-in kinds.</summary>
    public bool IsBuiltinKind(SchemaKey key) => _kinds.ContainsKey(key.ApiVersion + "/" + key.Kind);

    /// <summary>
    /// True when <paramref name="key"/>'s API group is one of Kubernetes' built-in groups (the core group included): a
    /// kind of such a group with no schema is a typo or a removed kind, not a CRD this bundle cannot know.
    /// </summary>
    public bool IsBuiltinGroup(SchemaKey key) => _kinds.Keys.Any(k => GroupOf(k) == key.Group);

    /// <summary>The built-in kind of the same apiVersion closest to <paramref name="key"/>'s kind (two edits at most), or null.</summary>
    public string? ClosestKind(SchemaKey key) =>
        Core.Errors.EditDistance.Closest(key.Kind,
            _kinds.Keys.Where(k => k.StartsWith(key.ApiVersion + "/", StringComparison.Ordinal) && k.Count(c => c == '/') == key.ApiVersion.Count(c => c == '/') + 1)
                .Select(k => k[(k.LastIndexOf('/') + 1)..]), 2);

    // "apps/v1/Deployment" -> "apps", "v1/Secret" -> ""
    private static string GroupOf(string apiVersionAndKind) =>
        apiVersionAndKind.Split('/') is [var group, _, _] ? group : "";

    /// <summary>Minor number of <c>1.32</c>, <c>v1.32.4</c>, <c>1.32+</c>; null when not a 1.x version.</summary>
    internal static int? ParseMinor(string version)
    {
        var parts = version.Trim().TrimStart('v', 'V').Split('.');
        if (parts.Length < 2 || parts[0] != "1") return null;
        var digits = new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor) ? minor : null;
    }

    /// <summary>
    /// The bundle's <c>source</c>, its <c>kinds</c> table, and where each named schema's JSON starts and ends, as its
    /// index says (<see cref="BundleIndex"/>). A schema is parsed only when a document of its kind (or a ref) first needs
    /// it, so a run reads the index's lines, not all 729 schemas (the bulk of a native one-release run's fixed cost); and
    /// only the slices it reads are copied out of the assembly's image, not the whole bundle.
    /// </summary>
    private static BuiltinSchemas Index(string minor, BundleSlices bundle, byte[] index)
    {
        var (sections, schemas) = BundleIndex.Read(index, bundle.Length, minor);
        var source = "";
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        if (sections.TryGetValue("source", out var at))
        {
            var reader = new Utf8JsonReader(bundle.Read(at.Start, at.Length));
            if (reader.Read() && reader.TokenType == JsonTokenType.String) source = reader.GetString()!;
        }
        if (sections.TryGetValue("kinds", out at))
        {
            var reader = new Utf8JsonReader(bundle.Read(at.Start, at.Length));
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject) ReadKinds(ref reader, kinds);
        }
        return new BuiltinSchemas(minor, source, kinds, new SchemaSet(name => schemas.TryGetValue(name, out var slice) ? Read(bundle.Read(slice.Start, slice.Length)) : null));
    }

    /// <summary>One schema of the bundle, read from its <see cref="JsonTree"/> (no <see cref="JsonDocument"/>: its pooled
    /// buffers cost a one-shot process the shared pool's per-core set-up).</summary>
    private static SchemaNode? Read(ReadOnlyMemory<byte> json) =>
        JsonTree.Parse(json.Span, SchemaReader.ParseOptions.MaxDepth) is ManifestMapping schema ? SchemaReader.Read(schema) : null;

    private static void ReadKinds(ref Utf8JsonReader reader, Dictionary<string, string> kinds)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var kind = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.String) kinds[kind] = reader.GetString()!;
            else reader.Skip();
        }
    }

    /// <summary>The bundle of <paramref name="minor"/> as JSON bytes (embedded as JSON: the build inflates the gzipped
    /// bundle of the repository).</summary>
    internal static byte[] Bundle(string minor) => Resource(minor, ".json");

    /// <summary>The index of <paramref name="minor"/>'s bundle (<see cref="BundleIndex"/>), as written.</summary>
    internal static byte[] IndexFile(string minor) => Resource(minor, ".index");

    private static byte[] Resource(string minor, string extension)
    {
        using var stream = OpenResource(minor, extension);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static Stream OpenResource(string minor, string extension) =>
        typeof(BuiltinSchemas).Assembly.GetManifestResourceStream(Prefix + minor + extension)
            ?? throw new SchemaException($"built-in schemas for Kubernetes {minor} are missing from the assembly ({extension})");

    private static BuiltinSchemas Load(string minor)
    {
        try
        {
            return Index(minor, new BundleSlices(minor), IndexFile(minor));
        }
        catch (JsonException e)
        {
            throw new SchemaException($"built-in schemas for Kubernetes {minor} are not valid JSON ({e.Message})");
        }
    }

    /// <summary>One minor's load: begun once, by whoever comes first; its outcome (the bundle or the error) kept.</summary>
    private sealed class Loading(string minor)
    {
        private readonly TaskCompletionSource<BuiltinSchemas> _done = new();
        private int _begun;

        public Task<BuiltinSchemas> Task => _done.Task;

        public bool TryBegin() => Interlocked.Exchange(ref _begun, 1) == 0;

        public void Run()
        {
            try
            {
                _done.SetResult(Load(minor));
            }
            catch (Exception e)
            {
                _done.SetException(e); // whoever awaits the bundle gets the error; no one waits forever
            }
        }
    }

    /// <summary>
    /// Slices of an embedded bundle, each copied out of the assembly's resource stream when read (one reader at a time).
    /// The whole bundle (~250 KB) is never copied: a one-shot run reads its kinds and a few schemas, and copying it all
    /// cost ~90 page faults on the thread that loads it. The stream is opened once (opening a resource is a metadata
    /// lookup) and lives as long as the loaded bundle, which is cached for the process.
    /// </summary>
    private sealed class BundleSlices
    {
        private readonly Stream _stream;
        private readonly Lock _gate = new();

        public BundleSlices(string minor)
        {
            _stream = OpenResource(minor, ".json");
            Length = checked((int)_stream.Length);
        }

        public int Length { get; }

        public byte[] Read(int start, int length)
        {
            var slice = new byte[length];
            lock (_gate)
            {
                _stream.Position = start;
                _stream.ReadExactly(slice);
            }
            return slice;
        }
    }
}
