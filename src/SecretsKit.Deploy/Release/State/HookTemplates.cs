using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.Release.Hooks;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// A hook's <c>command</c> and <c>args</c> rendered when its event fires, as helmfile's event bus renders them (not when
/// the state loads): with <c>.Environment</c>, <c>.Namespace</c>, <c>.Event</c> (<c>Name</c>, <c>Error</c>, nil unless a
/// release failed) and <c>.HelmfileCommand</c>; a release's hooks also get <c>.Values</c> and <c>.Release</c>, the
/// state's global hooks do not.
/// </summary>
internal sealed class HookTemplates(StateTemplates templates, Dictionary<string, object?> state, string baseDirectory, string shownName)
{
    /// <summary>The hook with its command and args rendered for <paramref name="ev"/>; a template error is a <see cref="GoTemplateException"/>.</summary>
    public ReleaseHook Render(ReleaseHook hook, HookEvent ev, ReleaseSpec? release)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Environment"] = state["Environment"],
            ["Namespace"] = "",
            ["Event"] = new GoStruct("event.event", new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Name"] = ev.Name,
                ["Error"] = (object?)ev.Error ?? GoTypedNil.Error,
            }),
            ["HelmfileCommand"] = ev.HelmfileCommand,
        };
        if (release is not null)
        {
            data["Values"] = state["Values"];
            data["Release"] = StateTemplates.ReleaseData(state, release)["Release"];
        }
        var name = $"{shownName}: hook[{hook.Command}]";
        string T(string text) => templates.Render(name, text, data, baseDirectory);
        return hook with { Command = T(hook.Command), Args = hook.Args.Select(T).ToList() };
    }
}
