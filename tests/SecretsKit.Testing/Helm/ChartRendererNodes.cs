namespace SecretsKit.Testing.Helm;

/// <summary>A node of a parsed template.</summary>
internal abstract record TemplateNode(int Line);

internal sealed record TextNode(string Text, int Line) : TemplateNode(Line);

/// <summary><c>{{ pipeline }}</c>: prints the value unless the pipeline declares or assigns variables.</summary>
internal sealed record ActionNode(Pipeline Pipeline, int Line) : TemplateNode(Line);

internal sealed record IfNode(Pipeline Condition, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode>? Else, int Line) : TemplateNode(Line);

internal sealed record WithNode(Pipeline Value, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode>? Else, int Line) : TemplateNode(Line);

internal sealed record RangeNode(Pipeline Source, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? Else, int Line) : TemplateNode(Line);

/// <summary><c>{{ template "name" pipeline }}</c>.</summary>
internal sealed record TemplateCallNode(string Name, Pipeline? Data, int Line) : TemplateNode(Line);

/// <summary>Commands joined by <c>|</c>, optionally declaring (<c>:=</c>) or assigning (<c>=</c>) variables.</summary>
internal sealed record Pipeline(IReadOnlyList<string> Variables, bool IsAssign, IReadOnlyList<Command> Commands);

/// <summary>One command: a function name with arguments, or a single operand.</summary>
internal sealed record Command(IReadOnlyList<Operand> Args);

internal abstract record Operand;

internal sealed record LiteralOperand(object? Value) : Operand;

/// <summary><c>.A.B</c> on dot (an empty chain is dot itself).</summary>
internal sealed record FieldOperand(IReadOnlyList<string> Chain) : Operand;

/// <summary><c>$name.A.B</c>.</summary>
internal sealed record VariableOperand(string Name, IReadOnlyList<string> Chain) : Operand;

internal sealed record FunctionOperand(string Name) : Operand;

internal sealed record SubPipelineOperand(Pipeline Pipeline) : Operand;
