using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// A binding's params, as the API server collects them, from the objects given: no <c>paramKind</c> or no
/// <c>paramRef</c> is one null param; else the objects of the param kind (group and kind; the API server converts
/// versions) named by <c>paramRef.name</c> or selected by <c>paramRef.selector</c>, in <c>paramRef.namespace</c> or the
/// request's namespace for a namespaced kind. None found with <c>parameterNotFoundAction: Deny</c> is a configuration
/// error (<see cref="AdmissionConfigException"/>), with Allow the binding is not evaluated.
/// </summary>
internal static class ParamResolver
{
    public static List<JsonObject?> Collect(JsonObject policySpec, JsonObject bindingSpec, AdmissionRequest request, IReadOnlyList<AdmissionObject> pool, ResourceNames names)
    {
        if (policySpec["paramKind"] is not JsonObject paramKind || bindingSpec["paramRef"] is not JsonObject paramRef) return [null];
        var group = ResourceNames.Split(LabelSelector.Text(paramKind["apiVersion"])).Group;
        var kind = LabelSelector.Text(paramKind["kind"]) ?? "";
        var namespaced = names.Namespaced(group, kind);
        var refNamespace = LabelSelector.Text(paramRef["namespace"]) ?? "";
        var ns = refNamespace.Length > 0 ? refNamespace : request.Namespace;
        if (namespaced && ns.Length == 0)
            throw new AdmissionConfigException("cannot use namespaced paramRef in policy binding that matches cluster-scoped resources");
        if (!namespaced && refNamespace.Length > 0)
            throw new AdmissionConfigException("paramRef.namespace must not be provided for a cluster-scoped `paramKind`");
        var candidates = pool.Where(o => o.Kind == kind && o.Group == group && (!namespaced || o.Namespace == ns));
        List<JsonObject?> found;
        if (LabelSelector.Text(paramRef["name"]) is { Length: > 0 } name)
        {
            if (paramRef["selector"] is not null) throw new AdmissionConfigException("paramRef.name and paramRef.selector are mutually exclusive");
            found = [.. candidates.Where(o => o.Name == name).Select(o => o.Manifest)];
        }
        else if (paramRef["selector"] is { } selector)
        {
            found = [.. candidates.Where(o => LabelSelector.Matches(selector, LabelSelector.LabelsOf(o.Manifest))).Select(o => o.Manifest)];
        }
        else
        {
            throw new AdmissionConfigException("one of name or selector must be provided");
        }
        if (found.Count == 0 && LabelSelector.Text(paramRef["parameterNotFoundAction"]) == "Deny")
            throw new AdmissionConfigException("no params found for policy binding with `Deny` parameterNotFoundAction");
        return found;
    }
}
