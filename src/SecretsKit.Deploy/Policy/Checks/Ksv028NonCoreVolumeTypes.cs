using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV028: a pod uses a volume type outside the restricted profile's core types.</summary>
internal sealed class Ksv028NonCoreVolumeTypes : WorkloadCheck
{
    // hostPath is KSV023's
    private static readonly string[] Disallowed =
    [
        "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder",
        "cephFS", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "portworxVolume", "scaleIO", "storageos",
    ];

    public override string Id => "KSV028";

    public override string Title => "Non-core volume types used.";

    public override PolicySeverity Severity => PolicySeverity.Low;

    // the Rego collects volume names: a volume without one is not counted
    protected override IEnumerable<PolicyHit> Find(PolicyObject o) =>
        o.Volumes.Where(v => Rego.HasKey(v.Volume, "name") && Disallowed.Any(t => Rego.HasKey(v.Volume, t))).Take(1)
            .Select(v => new PolicyHit(v.Path, "use only core volume types (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret)"));
}
