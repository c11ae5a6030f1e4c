using Mono.Cecil;

namespace DailyPapers.Tests.Architecture;

/// <summary>
/// Which folder of src/DailyPapers uses which, read from the compiled assembly: every type a type names in its
/// base type, interfaces, attributes, fields, properties, signatures, locals and method bodies (lambdas, async
/// state machines and Razor components included, as the compiler emits them). A type's folder is the first
/// part of its namespace after <c>DailyPapers.</c>; the files at the top (Program.cs) are <see cref="Root"/>.
/// </summary>
public static class FolderDependencies
{
    public const string Root = "Program.cs";

    /// <summary>Each edge between two folders, with one example of a type using another.</summary>
    public static IReadOnlyDictionary<(string From, string To), string> Read(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in module.Types)
        {
            if (FolderOf(type) is not { } from)
            {
                continue;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in Uses(type))
            {
                if (FolderOf(used) is { } to && to != from && seen.Add(to))
                {
                    edges.TryAdd((from, to), $"{type.FullName} uses {used.FullName}");
                }
            }
        }
        return edges;
    }

    /// <summary>The folders that hold at least one type.</summary>
    public static IReadOnlySet<string> Folders(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        return module.Types.Select(FolderOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The folder a type lives in, or null for a type that is not the project's own (framework, or emitted by a tool).</summary>
    public static string? FolderOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }
        var ns = type.Namespace;
        // Razor puts its type-inference helpers for a component in __Blazor.<the component's namespace>.
        if (ns.StartsWith("__Blazor.", StringComparison.Ordinal))
        {
            ns = ns["__Blazor.".Length..];
        }
        if (ns == "DailyPapers" || (ns.Length == 0 && type.Name == "Program"))
        {
            return Root;
        }
        return ns.StartsWith("DailyPapers.", StringComparison.Ordinal) ? ns["DailyPapers.".Length..].Split('.')[0] : null;
    }

    /// <summary>Every type a type names, its nested types (lambdas, state machines) included.</summary>
    public static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        foreach (var t in Expand(type.BaseType))
        {
            yield return t;
        }
        var members = new List<TypeReference>();
        members.AddRange(type.Interfaces.Select(i => i.InterfaceType));
        members.AddRange(Attributes(type));
        members.AddRange(type.GenericParameters.SelectMany(g => g.Constraints.Select(c => c.ConstraintType)));
        foreach (var field in type.Fields)
        {
            members.Add(field.FieldType);
            members.AddRange(Attributes(field));
        }
        foreach (var property in type.Properties)
        {
            members.Add(property.PropertyType);
            members.AddRange(Attributes(property));
        }
        members.AddRange(type.Events.Select(e => e.EventType));
        foreach (var method in type.Methods)
        {
            members.AddRange(Signature(method));
            members.AddRange(Attributes(method));
            members.AddRange(method.Parameters.SelectMany(Attributes));
            if (!method.HasBody)
            {
                continue;
            }
            members.AddRange(method.Body.Variables.Select(v => v.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        members.Add(t);
                        break;
                    case MethodReference m:
                        members.Add(m.DeclaringType);
                        members.AddRange(Signature(m));
                        if (m is GenericInstanceMethod g)
                        {
                            members.AddRange(g.GenericArguments);
                        }
                        break;
                    case FieldReference f:
                        members.Add(f.DeclaringType);
                        members.Add(f.FieldType);
                        break;
                }
            }
        }
        foreach (var t in members.SelectMany(Expand))
        {
            yield return t;
        }
        foreach (var t in type.NestedTypes.SelectMany(Uses))
        {
            yield return t;
        }
    }

    private static IEnumerable<TypeReference> Signature(MethodReference method) =>
        method.Parameters.Select(p => p.ParameterType).Prepend(method.ReturnType);

    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.CustomAttributes.SelectMany(a => a.ConstructorArguments.Select(arg => arg.Value).OfType<TypeReference>().Prepend(a.AttributeType));

    /// <summary>A type with the types it is made of: array and by-ref element types, generic arguments.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var t in Expand(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Expand)))
                {
                    yield return t;
                }
                break;
            case TypeSpecification spec:
                foreach (var t in Expand(spec.ElementType))
                {
                    yield return t;
                }
                break;
            default:
                yield return type;
                break;
        }
    }
}
