namespace SecretsKit.Agent.Model;

/// <summary>What a reconcile concluded about its resource: it becomes the status of the Ready condition.</summary>
internal enum Readiness
{
    Ready,
    NotReady,
}
