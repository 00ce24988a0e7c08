using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SecretsKit.Testing.Architecture;

/// <summary>Every type one compiled type mentions: signatures, attributes, locals and the operands of its IL.</summary>
internal static class TypeReferences
{
    public static IEnumerable<TypeReference> Of(TypeDefinition type)
    {
        if (type.BaseType is { } baseType) { yield return baseType; }
        foreach (var i in type.Interfaces) { yield return i.InterfaceType; }
        foreach (var a in type.CustomAttributes) { yield return a.AttributeType; }
        foreach (var p in type.GenericParameters.SelectMany(g => g.Constraints)) { yield return p.ConstraintType; }
        foreach (var f in type.Fields) { yield return f.FieldType; }
        foreach (var p in type.Properties) { yield return p.PropertyType; }
        foreach (var e in type.Events) { yield return e.EventType; }
        foreach (var m in type.Methods)
        {
            foreach (var t in OfMethod(m)) { yield return t; }
        }
    }

    private static IEnumerable<TypeReference> OfMethod(MethodDefinition method)
    {
        yield return method.ReturnType;
        foreach (var p in method.Parameters) { yield return p.ParameterType; }
        foreach (var a in method.CustomAttributes) { yield return a.AttributeType; }
        if (!method.HasBody) { yield break; }
        foreach (var v in method.Body.Variables) { yield return v.VariableType; }
        foreach (var h in method.Body.ExceptionHandlers.Where(h => h.CatchType is not null)) { yield return h.CatchType; }
        foreach (var instruction in method.Body.Instructions)
        {
            foreach (var t in OfOperand(instruction)) { yield return t; }
        }
    }

    private static IEnumerable<TypeReference> OfOperand(Instruction instruction)
    {
        switch (instruction.Operand)
        {
            case TypeReference t:
                yield return t;
                break;
            case FieldReference f:
                yield return f.DeclaringType;
                yield return f.FieldType;
                break;
            case MethodReference m:
                yield return m.DeclaringType;
                yield return m.ReturnType;
                foreach (var p in m.Parameters) { yield return p.ParameterType; }
                if (m is GenericInstanceMethod g)
                {
                    foreach (var a in g.GenericArguments) { yield return a; }
                }
                break;
        }
    }

    /// <summary>The named types inside a reference: an array's element, a generic's definition and arguments, the
    /// top-level type a nested one sits in.</summary>
    public static IEnumerable<TypeReference> Named(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType g:
                foreach (var t in Named(g.ElementType)) { yield return t; }
                foreach (var t in g.GenericArguments.SelectMany(Named)) { yield return t; }
                break;
            case TypeSpecification s:
                foreach (var t in Named(s.ElementType)) { yield return t; }
                break;
            case GenericParameter:
                break;
            default:
                var top = type;
                while (top.DeclaringType is not null) { top = top.DeclaringType; }
                yield return top;
                break;
        }
    }
}
