using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV115: a rule allows changing the aws-auth ConfigMap (EKS IAM mapping).</summary>
internal sealed class Ksv115ManageAwsAuth : RbacRuleCheck
{
    public override string Id => "KSV115";

    public override string Title => "Manage EKS IAM Auth ConfigMap";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override IReadOnlyCollection<string> Resources => ["configmaps"];

    protected override IReadOnlyCollection<string> Verbs => ["create", "update", "patch", "delete", "deletecollection", "impersonate", "*"];

    protected override string Advice => "a rule must not allow changing the aws-auth ConfigMap";

    protected override bool Matches(JsonNode? rule) => RbacRules.Has(rule, "resourceNames", "aws-auth") && base.Matches(rule);
}
