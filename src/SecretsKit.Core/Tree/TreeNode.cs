namespace SecretsKit.Core.Tree;

/// <summary>A value in a SOPS document tree: a mapping, a sequence, a scalar or a comment.</summary>
public abstract record TreeNode;
