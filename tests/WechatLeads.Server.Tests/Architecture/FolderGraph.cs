using Mono.Cecil;
using Mono.Cecil.Cil;

namespace WechatLeads.Server.Tests.Architecture;

/// <summary>
/// Which server folders use which, read from the compiled assembly (Mono.Cecil): every type a folder's code names —
/// in signatures, fields, attributes, generic arguments and method bodies, lambdas and async state machines
/// included — counts as a use of the folder that type lives in. A folder is the namespace segment after
/// <c>WechatLeads.Server.</c>; the root namespace (Program) and generated migrations are left out.
/// </summary>
internal sealed class FolderGraph
{
    private const string Root = "WechatLeads.Server.";

    public Dictionary<string, HashSet<string>> Uses { get; }

    public FolderGraph(Dictionary<string, HashSet<string>> uses) => Uses = uses;

    public static FolderGraph Load(string assemblyPath)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.MainModule.GetTypes())
        {
            if (FolderOf(type) is not { } from) continue;
            var edges = uses.TryGetValue(from, out var set) ? set : uses[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in TypesUsedBy(type))
                if (FolderOf(used) is { } to && to != from) edges.Add(to);
        }
        return new FolderGraph(uses);
    }

    /// <summary>The folder of a type (nested and compiler-generated types count where their outermost type lives).</summary>
    private static string? FolderOf(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        var ns = type.Namespace;
        if (!ns.StartsWith(Root, StringComparison.Ordinal)) return null;
        var folder = ns[Root.Length..].Split('.')[0];
        return folder == "Data" && ns.Contains(".Migrations", StringComparison.Ordinal) ? null : folder;
    }

    private static IEnumerable<TypeReference> TypesUsedBy(TypeDefinition type)
    {
        if (type.BaseType is not null) foreach (var t in Expand(type.BaseType)) yield return t;
        foreach (var i in type.Interfaces) foreach (var t in Expand(i.InterfaceType)) yield return t;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var f in type.Fields) foreach (var t in Expand(f.FieldType)) yield return t;
        foreach (var p in type.Properties) foreach (var t in Expand(p.PropertyType)) yield return t;
        foreach (var m in type.Methods)
        {
            foreach (var t in Expand(m.ReturnType)) yield return t;
            foreach (var p in m.Parameters) foreach (var t in Expand(p.ParameterType)) yield return t;
            foreach (var a in m.CustomAttributes) yield return a.AttributeType;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) foreach (var t in Expand(v.VariableType)) yield return t;
            foreach (var instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        foreach (var x in Expand(t)) yield return x;
                        break;
                    case MemberReference member:
                        foreach (var x in Expand(member.DeclaringType)) yield return x;
                        if (member is MethodReference method)
                        {
                            foreach (var x in Expand(method.ReturnType)) yield return x;
                            if (method is GenericInstanceMethod generic)
                                foreach (var arg in generic.GenericArguments) foreach (var x in Expand(arg)) yield return x;
                        }
                        else if (member is FieldReference field)
                        {
                            foreach (var x in Expand(field.FieldType)) yield return x;
                        }
                        break;
                }
            }
        }
    }

    /// <summary>A type and the types inside it: generic arguments, array and pointer element types.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference? type)
    {
        if (type is null) yield break;
        switch (type)
        {
            case GenericInstanceType generic:
                yield return generic.ElementType;
                foreach (var arg in generic.GenericArguments) foreach (var t in Expand(arg)) yield return t;
                break;
            case TypeSpecification spec:
                foreach (var t in Expand(spec.ElementType)) yield return t;
                break;
            default:
                yield return type;
                break;
        }
    }

    /// <summary>Strongly connected groups of two or more folders (Tarjan): each is a dependency cycle.</summary>
    public List<List<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        var counter = 0;
        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Uses.GetValueOrDefault(v) ?? [])
            {
                if (!index.TryGetValue(w, out var seen)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], seen);
            }
            if (low[v] != index[v]) return;
            var group = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); group.Add(x); } while (x != v);
            if (group.Count > 1) result.Add([.. group.Order(StringComparer.Ordinal)]);
        }
        foreach (var v in Uses.Keys.Order(StringComparer.Ordinal)) if (!index.ContainsKey(v)) Visit(v);
        return result;
    }

    /// <summary>Every use <c>a → b</c> where b also (directly or not) uses a: the edges that make up the cycles.</summary>
    public SortedSet<string> EdgesOnCycles()
    {
        var edges = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in Cycles())
        {
            var members = group.ToHashSet(StringComparer.Ordinal);
            foreach (var from in group)
                foreach (var to in Uses.GetValueOrDefault(from) ?? [])
                    if (members.Contains(to)) edges.Add($"{from} -> {to}");
        }
        return edges;
    }
}
