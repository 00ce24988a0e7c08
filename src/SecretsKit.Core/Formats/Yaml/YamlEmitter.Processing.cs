using System.Text;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// What the emitter's states consult before they write (emitterc.go's <c>analyze_event</c>, <c>check_simple_key</c>) and
/// the processors that write an event's tag and its head, line and foot comments (<c>process_tag</c>,
/// <c>process_head_comment</c>, <c>process_line_comment</c>, <c>process_foot_comment</c>).
/// </summary>
internal sealed partial class YamlEmitter
{
    private void Analyze(YamlEvent ev)
    {
        _tagHandle = string.Empty;
        _tagSuffix = string.Empty;
        if (ev.HeadComment.Length > 0) _headComment = ev.HeadComment;
        if (ev.LineComment.Length > 0) _lineComment = ev.LineComment;
        if (ev.FootComment.Length > 0) _footComment = ev.FootComment;
        if (ev.TailComment.Length > 0) _tailComment = ev.TailComment;
        if (ev.Type != YamlEventType.Scalar) return;
        if (ev.Tag.Length > 0 && !ev.Implicit)
        {
            const string secondary = "tag:yaml.org,2002:";
            if (ev.Tag.StartsWith(secondary, StringComparison.Ordinal))
            {
                _tagHandle = "!!";
                _tagSuffix = ev.Tag[secondary.Length..];
            }
            else if (ev.Tag.StartsWith('!'))
            {
                _tagHandle = "!";
                _tagSuffix = ev.Tag[1..];
            }
            else
            {
                _tagSuffix = ev.Tag;
            }
        }
        _scalar = ev.Analysis ?? YamlScalarAnalysis.Analyze(ev.Value);
    }

    private bool CheckSimpleKey(YamlEvent ev)
    {
        int length;
        switch (ev.Type)
        {
            case YamlEventType.Scalar:
                if (_scalar.Multiline) return false;
                length = _tagHandle.Length + _tagSuffix.Length + Encoding.UTF8.GetByteCount(ev.Value);
                break;
            case YamlEventType.SequenceStart:
                if (!NextIs(YamlEventType.SequenceEnd)) return false;
                length = 0;
                break;
            case YamlEventType.MappingStart:
                if (!NextIs(YamlEventType.MappingEnd)) return false;
                length = 0;
                break;
            default:
                return false;
        }
        return length <= 128;
    }

    private void ProcessTag()
    {
        if (_tagHandle.Length == 0 && _tagSuffix.Length == 0) return;
        if (!_whitespace) Put(' ');
        WriteRaw(_tagHandle.Length > 0 ? _tagHandle + _tagSuffix : "!<" + _tagSuffix + ">");
        _whitespace = false;
        _indention = false;
    }

    private void ProcessHeadComment()
    {
        if (_tailComment.Length > 0)
        {
            WriteIndent();
            WriteComment(_tailComment);
            _tailComment = string.Empty;
            _footIndent = Math.Max(_indent, 0);
        }
        if (_headComment.Length == 0) return;
        WriteIndent();
        WriteComment(_headComment);
        _headComment = string.Empty;
    }

    private void ProcessLineComment()
    {
        if (_lineComment.Length == 0) return;
        if (!_whitespace) Put(' ');
        WriteComment(_lineComment);
        _lineComment = string.Empty;
    }

    private void ProcessFootComment()
    {
        if (_footComment.Length == 0) return;
        WriteIndent();
        WriteComment(_footComment);
        _footComment = string.Empty;
        _footIndent = Math.Max(_indent, 0);
    }
}
