using System.Text;
using SecretsKit.Go.Json;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// The audit annotation the API server writes for a validation that failed under the Audit action:
/// <c>validation.policy.admission.k8s.io/validation_failure</c> with a JSON list of one failure (message, policy,
/// binding, expressionIndex, validationActions), written with Go's JSON rules.
/// </summary>
internal static class ValidationFailure
{
    public const string Key = "validation.policy.admission.k8s.io/validation_failure";

    public static string Value(string policy, string binding, Verdict verdict, List<string> actions)
    {
        using var output = new MemoryStream();
        var w = new GoJsonWriter(output, GoJsonOptions.Marshal);
        w.WriteStartArray();
        w.WriteStartObject();
        w.WritePropertyName("message");
        w.WriteStringValue(verdict.Message);
        w.WritePropertyName("policy");
        w.WriteStringValue(policy);
        w.WritePropertyName("binding");
        w.WriteStringValue(binding);
        w.WritePropertyName("expressionIndex");
        w.WriteNumberValue((long)verdict.Index);
        w.WritePropertyName("validationActions");
        w.WriteStartArray();
        foreach (var action in actions) w.WriteStringValue(action);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.Finish();
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
