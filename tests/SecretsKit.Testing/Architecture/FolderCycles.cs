namespace SecretsKit.Testing.Architecture;

/// <summary>The strongly connected components of a folder graph that hold more than one folder (Tarjan's algorithm).</summary>
public static class FolderCycles
{
    public static IReadOnlyList<IReadOnlyList<string>> Find(FolderGraph graph)
    {
        var state = new TarjanState(graph);
        foreach (var folder in graph.Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!state.Index.ContainsKey(folder)) { state.Visit(folder); }
        }
        return state.Components;
    }

    private sealed class TarjanState(FolderGraph graph)
    {
        public readonly Dictionary<string, int> Index = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _low = new(StringComparer.Ordinal);
        private readonly Stack<string> _stack = new();
        private readonly HashSet<string> _onStack = new(StringComparer.Ordinal);
        public readonly List<IReadOnlyList<string>> Components = [];

        public void Visit(string v)
        {
            Index[v] = _low[v] = Index.Count;
            _stack.Push(v);
            _onStack.Add(v);
            foreach (var w in graph.Edges[v])
            {
                if (!Index.TryGetValue(w, out var index)) { Visit(w); _low[v] = Math.Min(_low[v], _low[w]); }
                else if (_onStack.Contains(w)) { _low[v] = Math.Min(_low[v], index); }
            }
            if (_low[v] != Index[v]) { return; }
            var component = new List<string>();
            string w2;
            do { w2 = _stack.Pop(); _onStack.Remove(w2); component.Add(w2); } while (w2 != v);
            if (component.Count > 1) { Components.Add(component.Order(StringComparer.Ordinal).ToList()); }
        }
    }
}
