using System.Diagnostics;
using System.Globalization;
#if OLD_ENGINE
using SecretsKit.Core.GoTemplate;
#else
using SecretsKit.Agent.Templates.Functions;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
#endif

// The agent's template work for N ExternalSecrets (default 10,000): each object's target.template data entries parsed
// and executed with its own data (a map of strings), as the agent renders them at every sync, with the agent's budgets.
// Prints the best and median time per object over the rounds. Usage: templatebench [objects] [rounds]
var objects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
string[] templates =
[
    "{{ .username }}",
    "postgres://{{ .username }}:{{ .password | replace \"&\" \"%26\" }}@{{ .host }}:5432/{{ .database }}?sslmode=require",
    "user: {{ .username | upper }}\npassword: {{ .password | b64enc }}\nhost: {{ .host | lower | trim }}\n",
    "{{- range $k, $v := dict \"a\" .username \"b\" .host }}{{ $k }}={{ $v | quote }}\n{{ end -}}",
    "{{ if eq .database \"db-0\" }}primary{{ else }}{{ printf \"%s-%05d\" .database 7 }}{{ end }}",
];
var data = Enumerable.Range(0, objects).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
{
    ["username"] = $"user-{i}",
    ["password"] = $"p@ss/{i}&x=y",
    ["host"] = $" Db-{i % 97}.Example.Internal ",
    ["database"] = $"db-{i % 13}",
}).ToList();
#if OLD_ENGINE
var functions = TemplateFunctions.Sprig;
var options = new TemplateOptions
{
    Limits = new TemplateLimits { MaxSteps = 200_000, MaxOutput = 1 << 20, MaxDuration = TimeSpan.FromSeconds(1) },
};
#else
var functions = EsoTemplateFunctions.Table;
var options = new TemplateOptions(MissingKeyIsError: true)
{
    Limits = new TemplateLimits { MaxSteps = 200_000, MaxOutput = 1 << 20, MaxDuration = TimeSpan.FromSeconds(1) },
};
#endif
string[] names = templates.Select((_, t) => $"spec.target.template.data.k{t}").ToArray();
// parse and execute each time (the agent's path before the new engine, and the engine's raw cost now)
long Round(Func<string, string, IReadOnlyDictionary<string, object?>, string> render)
{
    var bytes = 0L;
    foreach (var d in data)
    {
        for (var t = 0; t < templates.Length; t++) bytes += render(names[t], templates[t], d).Length;
    }
    return bytes;
}
void Measure(string mode, Func<string, string, IReadOnlyDictionary<string, object?>, string> render)
{
    var expected = Round(render); // warm-up (JIT, tiering)
    Round(render);
    var perObject = new List<double>();
    for (var r = 0; r < rounds; r++)
    {
        var sw = Stopwatch.StartNew();
        if (Round(render) != expected) throw new InvalidOperationException("the output changed between rounds");
        perObject.Add(sw.Elapsed.TotalMicroseconds / objects);
    }
    perObject.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {mode}: objects={objects} templates/object={templates.Length} rounds={rounds} best_us_per_object={perObject[0]:0.0} median_us_per_object={perObject[rounds / 2]:0.0} output_bytes={expected}"));
}
Console.WriteLine();
Measure("parse+execute", (name, text, d) => Template.Render(name, text, d, functions, options));
#if !OLD_ENGINE
// the agent's path now: TemplateEngine parses each text once (TemplateCache)
var cache = new TemplateCache(functions);
Measure("agent (parse cache)", (name, text, d) => cache.Render(name, text, d, options));
#endif
