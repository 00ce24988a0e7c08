using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV122: a binding grants a role to unauthenticated or anonymous users.</summary>
internal sealed class Ksv122AnonymousBind : BindingSubjectCheck
{
    public override string Id => "KSV122";

    public override string Title => "Anonymous user access binding";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    protected override IReadOnlyCollection<string> Subjects => ["system:unauthenticated", "system:anonymous"];
}
