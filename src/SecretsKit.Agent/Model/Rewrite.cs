using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary>One <c>dataFrom[].rewrite[]</c> operation: exactly one of <c>regexp</c>, <c>transform</c> or <c>merge</c> (an empty entry does nothing, as in ESO).</summary>
internal abstract record Rewrite
{
    /// <summary>The operation of one list entry; ESO checks <c>merge</c>, then <c>regexp</c>, then <c>transform</c>.</summary>
    public static Rewrite? Parse(JsonObject o) =>
        o["merge"] is JsonObject m ? new MergeRewrite(Json.Str(m["into"]) ?? "", Json.Strings(m["priority"]), Json.Str(m["priorityPolicy"]) ?? "Strict",
                Json.Str(m["conflictPolicy"]) ?? "Error", Json.Str(m["strategy"]) ?? "Extract")
            : o["regexp"] is JsonObject r ? new RegexpRewrite(Json.Str(r["source"]) ?? "", Json.Str(r["target"]) ?? "")
            : o["transform"] is JsonObject t ? new TransformRewrite(Json.Str(t["template"]) ?? "")
            : null;
}

/// <summary><c>rewrite[].regexp</c>: every key has <c>source</c> replaced by <c>target</c>.</summary>
internal sealed record RegexpRewrite(string Source, string Target) : Rewrite;

/// <summary><c>rewrite[].transform</c>: every key becomes the output of a Go template over <c>.value</c> (the key).</summary>
internal sealed record TransformRewrite(string Template) : Rewrite;

/// <summary><c>rewrite[].merge</c>: the JSON objects of all values merged, hoisted to keys (<c>Extract</c>) or written to <c>into</c> (<c>JSON</c>).</summary>
internal sealed record MergeRewrite(string Into, IReadOnlyList<string> Priority, string PriorityPolicy, string ConflictPolicy, string Strategy) : Rewrite;
