namespace SecretsKit.Agent.Model;

/// <summary>The <c>status</c> of a status condition, written as <c>"True"</c>, <c>"False"</c> or <c>"Unknown"</c>.</summary>
internal enum ConditionStatus
{
    Unknown,
    True,
    False,
}
