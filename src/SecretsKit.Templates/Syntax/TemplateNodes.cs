using SecretsKit.Go;
using SecretsKit.Go.Text;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Time;
using SecretsKit.Go.Regexp;
using SecretsKit.Go.Json;
using SecretsKit.Go.Values;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Base64;
using SecretsKit.Go.Pem;
using SecretsKit.Go.Net;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Yaml;
using SecretsKit.Templates.Functions;
namespace SecretsKit.Templates.Syntax;

/// <summary>A node of a parsed template; <see cref="Offset"/> locates it in the source for error messages.</summary>
internal abstract record TemplateNode(int Offset);

internal sealed record TextNode(int Offset, string Text) : TemplateNode(Offset);

/// <summary><c>{{ pipeline }}</c>: prints the value unless the pipeline declares or assigns variables.</summary>
internal sealed record ActionNode(int Offset, Pipeline Pipeline) : TemplateNode(Offset);

/// <summary><c>if</c> and <c>with</c> (which also rebinds dot); an <c>else if</c>/<c>else with</c> is a nested node in <see cref="Else"/>.</summary>
internal sealed record BranchNode(int Offset, bool IsWith, Pipeline Condition, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode>? Else) : TemplateNode(Offset);

internal sealed record RangeNode(int Offset, Pipeline Source, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? Else) : TemplateNode(Offset);

/// <summary><c>{{ template "name" pipeline }}</c> (also what <c>block</c> leaves in place).</summary>
internal sealed record TemplateCallNode(int Offset, string Name, Pipeline? Data) : TemplateNode(Offset);

/// <summary><c>{{ break }}</c> or <c>{{ continue }}</c> inside a range.</summary>
internal sealed record LoopControlNode(int Offset, bool IsBreak) : TemplateNode(Offset);

/// <summary>Commands joined by <c>|</c>, optionally declaring (<c>:=</c>) or assigning (<c>=</c>) variables.</summary>
internal sealed record Pipeline(int Offset, IReadOnlyList<string> Variables, bool IsAssign, IReadOnlyList<Command> Commands);

/// <summary>One command: a function with arguments, or a single operand. <see cref="Text"/> is its source for messages.</summary>
internal sealed record Command(int Offset, string Text, IReadOnlyList<Operand> Args);

internal abstract record Operand(int Offset, string Text);

internal sealed record LiteralOperand(int Offset, string Text, object? Value) : Operand(Offset, Text);

internal sealed record NilOperand(int Offset) : Operand(Offset, "nil");

/// <summary><c>.A.B</c> on dot; an empty chain is dot itself.</summary>
internal sealed record FieldOperand(int Offset, string Text, IReadOnlyList<string> Chain) : Operand(Offset, Text);

/// <summary><c>$name.A.B</c>.</summary>
internal sealed record VariableOperand(int Offset, string Text, string Name, IReadOnlyList<string> Chain) : Operand(Offset, Text);

internal sealed record FunctionOperand(int Offset, string Name) : Operand(Offset, Name);

/// <summary><c>(pipeline)</c>, optionally followed by fields: <c>(pipeline).A.B</c>.</summary>
internal sealed record PipelineOperand(int Offset, string Text, Pipeline Pipeline, IReadOnlyList<string> Chain) : Operand(Offset, Text);

/// <summary>A named template (<c>define</c>/<c>block</c>, or a parsed file) with the source its offsets refer to.</summary>
internal sealed record DefinedTemplate(string Name, TemplateSource Source, IReadOnlyList<TemplateNode> Body);
