namespace SecretsKit.Core.Age;

/// <summary>
/// A recipient that may only share an age header with recipients carrying the same labels (age's
/// <c>RecipientWithLabels</c>): the post-quantum types carry <c>postquantum</c>, so one classic recipient beside them
/// cannot undo their protection. Recipients without this interface have no labels.
/// </summary>
public interface ILabeledAgeRecipient : IAgeRecipient
{
    IReadOnlyList<string> Labels { get; }
}
