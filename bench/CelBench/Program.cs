using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SecretsKit.Cel;
using SecretsKit.Cel.Values;

// Gateway API HTTPRoute rules (the path-match, filter and filter-list rules of the v1 CRD) over N generated routes
// (default 1,000), each with 4 rules of 2 matches and 2 filters: (1) compile + evaluate every rule for every node, as a
// validator that compiles per object would; (2) evaluate only, the programs compiled once. Prints the best and median
// time per route over the rounds, and the rules evaluated per route. Usage: celbench [routes] [rounds]
var routes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
var environment = CelEnvironment.Kubernetes();
string[] pathRules =
[
    "(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true",
    "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('//') : true",
    "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/./') : true",
    "(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/.') : true",
    "self.type in ['Exact','PathPrefix'] || self.type == 'RegularExpression'",
    "(self.type in ['Exact','PathPrefix']) ? self.value.matches(r\"\"\"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$\"\"\") : true",
];
string[] filterRules =
[
    "!(has(self.requestHeaderModifier) && self.type != 'RequestHeaderModifier')",
    "!(!has(self.requestHeaderModifier) && self.type == 'RequestHeaderModifier')",
    "!(has(self.urlRewrite) && self.type != 'URLRewrite')",
    "!(!has(self.urlRewrite) && self.type == 'URLRewrite')",
];
string[] listRules =
[
    "!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))",
    "self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1",
    "self.filter(f, f.type == 'URLRewrite').size() <= 1",
];
var documents = Enumerable.Range(0, routes).Select(i => JsonDocument.Parse("""
    {"rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/api/vVERSION"}}, {"path": {"type": "Exact", "value": "/healthz"}}],
      "filters": [{"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "x-route", "value": "rINDEX"}]}},
                  {"type": "URLRewrite", "urlRewrite": {"path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}}}]}]}
    """.Replace("VERSION", (i % 3).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
    .Replace("INDEX", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))).ToList();
// per route: the nodes each rule group applies to, as CEL values
var nodes = documents.Select(d =>
{
    var rules = d.RootElement.GetProperty("rules").EnumerateArray().ToList();
    return (
        Paths: rules.SelectMany(r => r.GetProperty("matches").EnumerateArray()).Select(m => CelConvert.FromJson(m.GetProperty("path"))).ToList(),
        Filters: rules.SelectMany(r => r.GetProperty("filters").EnumerateArray()).Select(CelConvert.FromJson).ToList(),
        Lists: rules.Select(r => CelConvert.FromJson(r.GetProperty("filters"))).ToList());
}).ToList();
var groups = new[] { (Rules: pathRules, Pick: 0), (Rules: filterRules, Pick: 1), (Rules: listRules, Pick: 2) };
var compiled = groups.Select(g => g.Rules.Select(r => CelProgram.Compile(r, environment)).ToArray()).ToArray();

int Round(bool compileEach)
{
    var evaluated = 0;
    foreach (var route in nodes)
    {
        for (var g = 0; g < groups.Length; g++)
        {
            var values = g switch { 0 => route.Paths, 1 => route.Filters, _ => route.Lists };
            foreach (var value in values)
            {
                var variables = new Dictionary<string, object?> { ["self"] = value };
                for (var r = 0; r < groups[g].Rules.Length; r++)
                {
                    var program = compileEach ? CelProgram.Compile(groups[g].Rules[r], environment) : compiled[g][r];
                    if (program.Evaluate(variables).Value is not true)
                        throw new InvalidOperationException($"rule failed: {groups[g].Rules[r]}");
                    evaluated++;
                }
            }
        }
    }
    return evaluated;
}

void Measure(string mode, bool compileEach)
{
    var evaluated = Round(compileEach); // warm-up (JIT, tiering)
    Round(compileEach);
    var perRoute = new List<double>();
    for (var r = 0; r < rounds; r++)
    {
        var sw = Stopwatch.StartNew();
        Round(compileEach);
        perRoute.Add(sw.Elapsed.TotalMicroseconds / routes);
    }
    perRoute.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mode,-20} {evaluated / routes} rules/route  best {perRoute[0],8:F1} µs/route  median {perRoute[perRoute.Count / 2],8:F1} µs/route"));
}

Console.WriteLine($"{routes} HTTPRoutes (2 matches, 2 filters each), {rounds} rounds, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
Measure("compile + evaluate", compileEach: true);
Measure("evaluate (compiled)", compileEach: false);
foreach (var d in documents)
    d.Dispose();
