using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV123: a binding grants a role to the system:masters group.</summary>
internal sealed class Ksv123MastersBind : BindingSubjectCheck
{
    public override string Id => "KSV0123";

    public override string Title => "system:masters group access binding";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override IReadOnlyCollection<string> Subjects => ["system:masters"];
}
