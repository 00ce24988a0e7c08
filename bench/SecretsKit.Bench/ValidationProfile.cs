using System.Diagnostics;
using System.Globalization;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Defaulting;
using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Bench;

/// <summary>
/// <c>--validate-profile [rounds] [step]</c> (issue #62): where one validation of the Gateway API chart spends its time and
/// its allocations, step by step on one thread (split, parse, CRD registration, the HTTPRoute schema read on first
/// use, its CEL rules compiled, the 50 routes checked), then the whole validation on 1 worker and on one per core,
/// interleaved so both see the same load. Best and median milliseconds of <c>rounds</c> (default 200) after a warm-up;
/// megabytes allocated for one run of each step. With a step (part of its name), only the types that step's allocations
/// were sampled in (<see cref="AllocationSampler"/>).
/// </summary>
internal static class ValidationProfile
{
    public static void Run(string[] args)
    {
        if (args.Length > 1 && args[1] == "first")
        {
            First();
            return;
        }
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var root = ValidationTimer.RepositoryRoot();
        var chart = Path.Combine(root, ".tools", "gateway-bench", "chart");
        if (!Directory.Exists(chart)) throw new InvalidOperationException($"{chart} missing: run bench/gateway-chart.sh first");
        var text = ValidationTimer.Template(ValidationTimer.HelmPath(root), chart);
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var docs = RenderedDocument.Split(text).ToList();
        var crdDocs = docs.Where(d => d.Root is { } r && CrdSchemas.IsCrd(r)).ToList();
        var crds = crdDocs.ConvertAll(d => d.Root!);
        var routes = docs.Where(d => d.Root?.Text("kind") == "HTTPRoute").Select(d => d.Root!).ToList();
        var key = SchemaKey.Parse(routes[0].Text("apiVersion")!, "HTTPRoute")!;
        var builtin = BuiltinSchemas.For(null);
        IEnumerable<(SchemaKey Key, Lazy<SchemaNode> Schema)> Register() =>
            crdDocs.SelectMany(d => CrdSchemas.Read(d.Root!, sizeChecked: d.NodeCount <= YamlJson.MaxNodes));
        Lazy<SchemaNode> RouteSchema() => Register().First(s => s.Key.Equals(key)).Schema;
        var warmRoute = RouteSchema().Value;
        var steps = new (string Name, Action Run)[]
        {
            ("split into ranges", () => _ = RenderedDocument.Ranges(Source(utf8))),
            ("parse every document (light YAML)", () => _ = RenderedDocument.Split(Source(utf8)).Count()),
            ("CRD registration (size checks)", () => _ = Register().Count()),
            ("CRD documents checked (as documents)", () => CheckCrds(crds, builtin)),
            ("HTTPRoute schema read on first use", () => _ = RouteSchema().Value),
            ("50 routes, schema read (rules compiled once)", () => CheckRoutes(routes, warmRoute, builtin)),
            ("50 routes, schema read first (rules compiled)", () => CheckRoutes(routes, RouteSchema().Value, builtin)),
            ("whole validation, 1 worker", () => Validate(utf8, 1)),
            ("whole validation, one per core", () => Validate(utf8, 0)),
        };
        if (args.Length > 2)
        {
            Sample(steps.First(s => s.Name.Contains(args[2], StringComparison.Ordinal)));
            return;
        }
        foreach (var (_, run) in steps) ValidationTimer.WarmUp(run);
        var times = steps.Select(_ => new List<double>()).ToArray();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        for (var r = 0; r < rounds; r++)
        {
            for (var s = 0; s < steps.Length; s++) times[s].Add(ValidationTimer.Best(1, steps[s].Run));
        }
        Console.WriteLine($"Gateway API chart, {docs.Count} documents, {routes.Count} routes; {rounds} rounds; load average {load} -> {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"",-48} {"best ms",8} {"median ms",10} {"alloc MB",9} {"gen0",5}");
        for (var s = 0; s < steps.Length; s++)
        {
            var gen0 = GC.CollectionCount(0);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            steps[s].Run();
            var mb = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0;
            Console.WriteLine($"{steps[s].Name,-48} {times[s].Min(),8:F2} {Median(times[s]),10:F2} {mb,9:F2} {GC.CollectionCount(0) - gen0,5}");
        }
    }

    /// <summary>
    /// <c>--validate-profile first</c>: the whole validation once, in this process's first use of the validator (what a
    /// one-shot <c>secretskit validate</c> pays): megabytes allocated and the types its allocations were sampled in.
    /// </summary>
    private static void First()
    {
        var text = ValidationTimer.Template(ValidationTimer.HelmPath(ValidationTimer.RepositoryRoot()), Path.Combine(ValidationTimer.RepositoryRoot(), ".tools", "gateway-bench", "chart"));
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        using var sampler = new AllocationSampler();
        sampler.On = true;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Validate(utf8, 0);
        var mb = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0;
        sampler.On = false;
        Console.WriteLine($"first whole validation of the Gateway API chart: {mb:F2} MB allocated; samples by type (one per ~100 KB)");
        foreach (var (type, samples) in sampler.Counts().Take(30)) Console.WriteLine($"{samples,6} {type}");
    }

    /// <summary>Runs one step 100 times and prints the types its allocations were sampled in (~100 KB a sample).</summary>
    private static void Sample((string Name, Action Run) step)
    {
        using var sampler = new AllocationSampler();
        sampler.On = true;
        for (var i = 0; i < 100; i++) step.Run();
        sampler.On = false;
        Console.WriteLine($"{step.Name}: allocation samples by type over 100 runs (one per ~100 KB)");
        foreach (var (type, samples) in sampler.Counts().Take(25)) Console.WriteLine($"{samples,6} {type}");
    }

    private static void CheckCrds(List<ManifestMapping> crds, BuiltinSchemas builtin)
    {
        var schema = builtin.Find(SchemaKey.Parse("apiextensions.k8s.io/v1", "CustomResourceDefinition")!)!;
        var clean = new CleanValues(); // one per validation, as the validator keeps it
        foreach (var crd in crds)
        {
            var cel = new CelRuleCheck();
            new DocumentValidator(builtin.Schemas, true, ListTypeSemantics.ServerSideApply, cel, (_, _) => throw new InvalidOperationException("a CRD has findings"), clean).Validate(crd, schema);
            cel.Release();
        }
    }

    private static void CheckRoutes(List<ManifestMapping> routes, SchemaNode schema, BuiltinSchemas builtin)
    {
        foreach (var route in routes)
        {
            var findings = 0;
            var cel = new CelRuleCheck();
            new DocumentValidator(builtin.Schemas, true, ListTypeSemantics.Structural, cel, (_, _) => findings++).Validate(new StructuralDefaults().Apply(route, schema), schema);
            cel.Release();
            if (findings > 0) throw new InvalidOperationException("a route has findings");
        }
    }

    /// <summary>The whole validation of the rendering, read as the CLI reads a file (its UTF-8 bytes).</summary>
    private static void Validate(byte[] utf8, int workers)
    {
        var report = new ManifestValidator(new ValidationOptions { MaxParallelism = workers })
            .ValidateAsync([Source(utf8)], null, default).GetAwaiter().GetResult();
        if (!report.Ok) throw new InvalidOperationException(report.RenderText());
    }

    /// <summary>The rendering as the CLI reads a file: its UTF-8 bytes, split and parsed where they lie.</summary>
    private static ManifestSource Source(byte[] utf8) => ManifestSource.FromUtf8("bench", utf8, utf8.Length, "default");

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
