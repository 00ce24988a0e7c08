using System.Text.Json.Nodes;
using SecretsKit.Cel;
using SecretsKit.Cel.Values;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// The cluster's ValidatingAdmissionPolicies and their bindings (<c>admissionregistration.k8s.io/v1</c>), evaluated
/// offline over each object as the API server's dispatcher would on its CREATE: every policy whose
/// <c>matchConstraints</c> match, every binding of it whose <c>matchResources</c> match, once per param. A failed
/// validation (or an evaluation error under <c>failurePolicy: Fail</c>) becomes one decision per validationAction
/// (Deny, Warn, Audit) in the API server's words; a configuration error (params not found with Deny, a bad selector)
/// is a denial under Fail; audit annotations are collected per policy as <c>policy/key</c>.
/// </summary>
public sealed class AdmissionPolicies
{
    private readonly List<(string Name, JsonObject Spec)> _policies = [];
    private readonly Dictionary<string, List<(string Name, JsonObject Spec)>> _bindings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AdmissionObject> _namespaces = new(StringComparer.Ordinal);
    private readonly List<AdmissionObject> _pool;
    private readonly ResourceNames _names;
    private readonly AdmissionLimits _limits;

    public AdmissionPolicies(IEnumerable<AdmissionObject> objects, AdmissionLimits? limits = null)
    {
        _pool = [.. objects];
        _names = new ResourceNames(_pool.Select(o => o.Manifest));
        _limits = limits ?? new AdmissionLimits();
        foreach (var o in _pool.Where(o => o.Group == "admissionregistration.k8s.io" && o.Manifest["spec"] is JsonObject))
        {
            var spec = (JsonObject)o.Manifest["spec"]!;
            if (o.Kind == "ValidatingAdmissionPolicy") _policies.Add((o.Name, spec));
            else if (o.Kind == "ValidatingAdmissionPolicyBinding" && LabelSelector.Text(spec["policyName"]) is { } policy)
            {
                if (!_bindings.TryGetValue(policy, out var list)) _bindings[policy] = list = [];
                list.Add((o.Name, spec));
            }
        }
        foreach (var ns in _pool.Where(o => o.Kind == "Namespace" && o.Group.Length == 0)) _namespaces.TryAdd(ns.Name, ns);
    }

    /// <summary>Whether any policy has a binding: without one nothing is ever evaluated.</summary>
    public bool IsEmpty => !_policies.Any(p => _bindings.ContainsKey(p.Name));

    public int Count => _policies.Count;

    /// <summary>The decisions and audit annotations for creating <paramref name="obj"/> (in <paramref name="defaultNamespace"/> when it names none).</summary>
    public AdmissionResult Evaluate(JsonObject obj, string? defaultNamespace, CancellationToken ct)
    {
        if (IsEmpty) return AdmissionResult.None;
        var request = new AdmissionRequest(obj, defaultNamespace, _names);
        var decisions = new List<AdmissionDecision>();
        var annotations = new List<AuditAnnotation>();
        foreach (var (name, spec) in _policies.Where(p => _bindings.ContainsKey(p.Name)))
        {
            ct.ThrowIfCancellationRequested();
            var evaluation = new PolicyEvaluation(spec, _limits, ct);
            string? through;
            try
            {
                if (spec["matchConstraints"] is not JsonObject constraints || constraints["resourceRules"] is not JsonArray { Count: > 0 }
                    || !MatchResources.Matches(constraints, request, NamespaceLabels, out through)) continue;
            }
            catch (AdmissionConfigException e)
            {
                if (evaluation.FailClosed) decisions.Add(new AdmissionDecision(name, null, AdmissionAction.Deny, $"ValidatingAdmissionPolicy '{name}' denied request: failed to configure policy: {e.Message}"));
                continue;
            }
            var collected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (bindingName, binding) in _bindings[name]) Bind(name, spec, (bindingName, binding), request, evaluation, through, decisions, collected);
            annotations.AddRange(collected.Select(a => new AuditAnnotation($"{name}/{a.Key}", string.Join(", ", a.Value))));
        }
        return new AdmissionResult(decisions, annotations);
    }

    /// <summary>
    /// One binding of a matching policy, once per param. Matched through an equivalent resource of another API group
    /// (<paramref name="through"/>, or by the binding's own rules), the API server would convert the object to that
    /// group's version first, which needs the cluster: reported as not evaluated.
    /// </summary>
    private void Bind(string policy, JsonObject spec, (string Name, JsonObject Spec) bound, AdmissionRequest request, PolicyEvaluation evaluation, string? through,
        List<AdmissionDecision> decisions, Dictionary<string, List<string>> annotations)
    {
        var (bindingName, binding) = bound;
        List<JsonObject?> parameters;
        try
        {
            if (!MatchResources.Matches(binding["matchResources"] as JsonObject, request, NamespaceLabels, out var bindingThrough)) return;
            if ((through ?? bindingThrough) is { } equivalent)
            {
                decisions.Add(new AdmissionDecision(policy, bindingName, AdmissionAction.Skipped, $"ValidatingAdmissionPolicy '{policy}' with binding '{bindingName}' "
                    + $"not evaluated offline: it matches the object as the equivalent resource {equivalent}, which the API server would convert the object to"));
                return;
            }
            parameters = ParamResolver.Collect(spec, binding, request, _pool, _names);
        }
        catch (AdmissionConfigException e)
        {
            if (evaluation.FailClosed) decisions.Add(Denied(policy, bindingName, $"failed to configure binding: {e.Message}", null));
            return;
        }
        var actions = binding["validationActions"] is JsonArray list ? list.Select(LabelSelector.Text).OfType<string>().ToList() : [];
        foreach (var param in parameters)
        {
            var (verdicts, published) = evaluation.Evaluate(Activation(request, param));
            foreach (var verdict in verdicts) decisions.AddRange(Decide(policy, bindingName, actions, verdict));
            foreach (var (key, value) in published)
            {
                if (!annotations.TryGetValue(key, out var values)) annotations[key] = values = [];
                if (!values.Contains(value)) values.Add(value);
            }
        }
    }

    private static IEnumerable<AdmissionDecision> Decide(string policy, string binding, List<string> actions, Verdict verdict)
    {
        switch (verdict.Kind)
        {
            case VerdictKind.Skipped:
                yield return new AdmissionDecision(policy, binding, AdmissionAction.Skipped,
                    $"ValidatingAdmissionPolicy '{policy}' with binding '{binding}' not evaluated offline: {verdict.Message}");
                yield break;
            case VerdictKind.AnnotationError:
                yield return Denied(policy, binding, verdict.Message, null);
                yield break;
        }
        foreach (var action in actions)
        {
            if (action == "Deny") yield return Denied(policy, binding, verdict.Message, verdict.Reason);
            else if (action == "Warn")
                yield return new AdmissionDecision(policy, binding, AdmissionAction.Warn,
                    $"Validation failed for ValidatingAdmissionPolicy '{policy}' with binding '{binding}': {verdict.Message}");
            else if (action == "Audit")
                yield return new AdmissionDecision(policy, binding, AdmissionAction.Audit,
                    $"{ValidationFailure.Key}: {ValidationFailure.Value(policy, binding, verdict, actions)}");
        }
    }

    private static AdmissionDecision Denied(string policy, string binding, string message, string? reason) =>
        new(policy, binding, AdmissionAction.Deny, $"ValidatingAdmissionPolicy '{policy}' with binding '{binding}' denied request: {message}", reason ?? "Invalid");

    private Dictionary<string, object?> Activation(AdmissionRequest request, JsonObject? param) => new(StringComparer.Ordinal)
    {
        ["object"] = CelJson.From(request.Object),
        ["oldObject"] = null,
        ["request"] = request.ToCel(),
        ["params"] = CelJson.From(param),
        ["namespaceObject"] = request.Namespaced ? NamespaceObject(request.Namespace) : null,
    };

    private CelMap NamespaceObject(string name)
    {
        var labels = NamespaceLabels(name).Select(l => new KeyValuePair<object, object?>(l.Key, l.Value));
        var given = _namespaces.TryGetValue(name, out var ns) ? ns.Manifest : null;
        var metadata = (given?["metadata"] as JsonObject)?.Where(p => p.Key != "labels").Select(p => new KeyValuePair<object, object?>(p.Key, CelJson.From(p.Value))) ?? [];
        return AdmissionRequest.Map(("apiVersion", "v1"), ("kind", "Namespace"),
            ("metadata", new CelMap(metadata.Where(p => !"name".Equals(p.Key)).Prepend(new("name", name)).Append(new("labels", new CelMap(labels))))),
            ("spec", CelJson.From(given?["spec"]) ?? CelMap.Empty), ("status", CelJson.From(given?["status"]) ?? CelMap.Empty));
    }

    /// <summary>A Namespace's labels as the API server keeps them: those given in the input plus <c>kubernetes.io/metadata.name</c>.</summary>
    private IReadOnlyDictionary<string, string> NamespaceLabels(string name)
    {
        var labels = _namespaces.TryGetValue(name, out var ns) ? LabelSelector.LabelsOf(ns.Manifest) : new Dictionary<string, string>(StringComparer.Ordinal);
        labels["kubernetes.io/metadata.name"] = name;
        return labels;
    }
}
