using SecretsKit.Core.Formats.Text;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// A port of the block-style part of yaml.v3 v3.0.4's emitter state machine (<c>emitterc.go</c>): its indent
/// rule, comment placement (head, line, foot, tail, and the blank line after a foot comment), simple versus
/// complex keys, empty collections as <c>{}</c>/<c>[]</c>, and no line wrapping. The analysis of each event and the
/// tag and comment processors are in <c>YamlEmitter.Processing.cs</c>, the low-level writers in <c>YamlEmitter.Writing.cs</c>.
/// </summary>
internal sealed partial class YamlEmitter
{
    private enum State
    {
        StreamStart,
        FirstDocumentStart,
        DocumentStart,
        DocumentContent,
        DocumentEnd,
        FlowSequenceFirstItem,
        FlowMappingFirstKey,
        BlockSequenceFirstItem,
        BlockSequenceItem,
        BlockMappingFirstKey,
        BlockMappingKey,
        BlockMappingSimpleValue,
        BlockMappingValue,
        End,
    }

    private readonly Utf8TextOutput _out;
    private readonly int _bestIndent;
    private readonly Stack<State> _states = new();
    private readonly Stack<int> _indents = new();
    private State _state = State.StreamStart;
    // Events arrive one at a time; each is handled once the next one is known (the emitter looks one event ahead).
    private YamlEvent? _pending;
    private YamlEvent? _next;
    private int _indent = -1;
    private int _flowLevel;
    private int _column;
    private bool _whitespace = true;
    private bool _indention = true;
    private int _footIndent = -1;
    private bool _rootContext;
    private bool _simpleKeyContext;
    private string _headComment = string.Empty;
    private string _lineComment = string.Empty;
    private string _footComment = string.Empty;
    private string _tailComment = string.Empty;
    private string _keyLineComment = string.Empty;
    private string _tagHandle = string.Empty;
    private string _tagSuffix = string.Empty;
    private YamlScalarAnalysis _scalar;
    private YamlScalarStyle _scalarStyle;

    /// <summary>
    /// An emitter writing to <paramref name="output"/> as yaml.v3 would with <c>SetIndent(indent)</c>: <see cref="Add"/>
    /// the events, then <see cref="Finish"/>. The UTF-8 goes out through a fixed buffer as it is written.
    /// </summary>
    public YamlEmitter(int indent, Stream output)
    {
        _out = new Utf8TextOutput(output);
        _bestIndent = indent is < 2 or > 9 ? 2 : indent;
    }

    /// <summary>The next event of the stream.</summary>
    public void Add(YamlEvent ev)
    {
        if (_pending is not null) Handle(_pending, ev);
        _pending = ev;
    }

    /// <summary>Handles the last event and writes out what is buffered.</summary>
    public void Finish()
    {
        if (_pending is not null) Handle(_pending, null);
        _pending = null;
        _out.Finish();
    }

    private void Handle(YamlEvent ev, YamlEvent? next)
    {
        _next = next;
        Analyze(ev);
        Dispatch(ev);
    }

    private void Dispatch(YamlEvent ev)
    {
        switch (_state)
        {
            case State.StreamStart:
                Require(ev, YamlEventType.StreamStart);
                _state = State.FirstDocumentStart;
                break;
            case State.FirstDocumentStart:
                EmitDocumentStart(ev, first: true);
                break;
            case State.DocumentStart:
                EmitDocumentStart(ev, first: false);
                break;
            case State.DocumentContent:
                _states.Push(State.DocumentEnd);
                ProcessHeadComment();
                EmitNode(ev, root: true, simpleKey: false);
                ProcessLineComment();
                ProcessFootComment();
                break;
            case State.DocumentEnd:
                Require(ev, YamlEventType.DocumentEnd);
                _footIndent = 0;
                ProcessFootComment();
                _footIndent = -1;
                WriteIndent();
                _state = State.DocumentStart;
                break;
            case State.FlowSequenceFirstItem:
                EmitEmptyFlow(ev, '[', ']', YamlEventType.SequenceEnd);
                break;
            case State.FlowMappingFirstKey:
                EmitEmptyFlow(ev, '{', '}', YamlEventType.MappingEnd);
                break;
            case State.BlockSequenceFirstItem:
                EmitBlockSequenceItem(ev, first: true);
                break;
            case State.BlockSequenceItem:
                EmitBlockSequenceItem(ev, first: false);
                break;
            case State.BlockMappingFirstKey:
                EmitBlockMappingKey(ev, first: true);
                break;
            case State.BlockMappingKey:
                EmitBlockMappingKey(ev, first: false);
                break;
            case State.BlockMappingSimpleValue:
                EmitBlockMappingValue(ev, simple: true);
                break;
            case State.BlockMappingValue:
                EmitBlockMappingValue(ev, simple: false);
                break;
            default:
                throw new InvalidOperationException("expected nothing after STREAM-END");
        }
    }

    private void EmitDocumentStart(YamlEvent ev, bool first)
    {
        if (ev.Type == YamlEventType.StreamEnd)
        {
            _state = State.End;
            return;
        }
        Require(ev, YamlEventType.DocumentStart);
        if (!first)
        {
            WriteIndent();
            WriteIndicator("---", needWhitespace: true, isWhitespace: false, isIndention: false);
            WriteIndent();
        }
        if (_headComment.Length > 0)
        {
            ProcessHeadComment();
            PutBreak();
        }
        _state = State.DocumentContent;
    }

    // Only empty collections are written in flow style (sops never asks for flow): "[]" / "{}".
    private void EmitEmptyFlow(YamlEvent ev, char open, char close, YamlEventType endType)
    {
        WriteIndicator(open.ToString(), needWhitespace: true, isWhitespace: true, isIndention: false);
        IncreaseIndent(flow: true);
        _flowLevel++;
        Require(ev, endType);
        if (endType == YamlEventType.MappingEnd) ProcessHeadComment();
        _flowLevel--;
        _indent = _indents.Pop();
        if (endType == YamlEventType.SequenceEnd && _column == 0) WriteIndent();
        WriteIndicator(close.ToString(), needWhitespace: false, isWhitespace: false, isIndention: false);
        ProcessLineComment();
        ProcessFootComment();
        _state = _states.Pop();
    }

    private void EmitBlockSequenceItem(YamlEvent ev, bool first)
    {
        if (first) IncreaseIndent(flow: false);
        if (ev.Type == YamlEventType.SequenceEnd)
        {
            _indent = _indents.Pop();
            _state = _states.Pop();
            return;
        }
        ProcessHeadComment();
        WriteIndent();
        WriteIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true);
        _states.Push(State.BlockSequenceItem);
        EmitNode(ev, root: false, simpleKey: false);
        ProcessLineComment();
        ProcessFootComment();
    }

    private void EmitBlockMappingKey(YamlEvent ev, bool first)
    {
        if (first) IncreaseIndent(flow: false);
        ProcessHeadComment();
        if (ev.Type == YamlEventType.MappingEnd)
        {
            _indent = _indents.Pop();
            _state = _states.Pop();
            return;
        }
        WriteIndent();
        if (_lineComment.Length > 0)
        {
            _keyLineComment = _lineComment;
            _lineComment = string.Empty;
        }
        if (CheckSimpleKey(ev))
        {
            _states.Push(State.BlockMappingSimpleValue);
            EmitNode(ev, root: false, simpleKey: true);
            return;
        }
        WriteIndicator("?", needWhitespace: true, isWhitespace: false, isIndention: true);
        _states.Push(State.BlockMappingValue);
        EmitNode(ev, root: false, simpleKey: false);
    }

    private void EmitBlockMappingValue(YamlEvent ev, bool simple)
    {
        if (simple)
        {
            WriteIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false);
        }
        else
        {
            WriteIndent();
            WriteIndicator(":", needWhitespace: true, isWhitespace: false, isIndention: true);
        }
        if (_keyLineComment.Length > 0)
        {
            if (ev.Type == YamlEventType.Scalar)
            {
                if (_lineComment.Length == 0)
                {
                    _lineComment = _keyLineComment;
                    _keyLineComment = string.Empty;
                }
            }
            else if (ev.Type is YamlEventType.MappingStart or YamlEventType.SequenceStart)
            {
                (_lineComment, _keyLineComment) = (_keyLineComment, _lineComment);
                ProcessLineComment();
                (_lineComment, _keyLineComment) = (_keyLineComment, _lineComment);
            }
        }
        _states.Push(State.BlockMappingKey);
        EmitNode(ev, root: false, simpleKey: false);
        ProcessLineComment();
        ProcessFootComment();
    }

    private void EmitNode(YamlEvent ev, bool root, bool simpleKey)
    {
        _rootContext = root;
        _simpleKeyContext = simpleKey;
        switch (ev.Type)
        {
            case YamlEventType.Scalar:
                EmitScalar(ev);
                break;
            case YamlEventType.SequenceStart:
                _state = _flowLevel > 0 || NextIs(YamlEventType.SequenceEnd)
                    ? State.FlowSequenceFirstItem
                    : State.BlockSequenceFirstItem;
                break;
            case YamlEventType.MappingStart:
                _state = _flowLevel > 0 || NextIs(YamlEventType.MappingEnd)
                    ? State.FlowMappingFirstKey
                    : State.BlockMappingFirstKey;
                break;
            default:
                throw new InvalidOperationException($"expected SCALAR, SEQUENCE-START or MAPPING-START, but got {ev.Type}");
        }
    }

    private void EmitScalar(YamlEvent ev)
    {
        _scalarStyle = _scalar.Select(ev.Style, ev.Value, _simpleKeyContext, _flowLevel > 0, _tagSuffix.Length > 0);
        ProcessTag();
        IncreaseIndent(flow: true);
        WriteScalar(ev.Value);
        _indent = _indents.Pop();
        _state = _states.Pop();
    }

    private bool NextIs(YamlEventType type) => _next is not null && _next.Type == type;

    private void IncreaseIndent(bool flow)
    {
        _indents.Push(_indent);
        if (_indent < 0)
        {
            _indent = flow ? _bestIndent : 0;
        }
        else if (_states.Count > 0 && _states.Peek() == State.BlockSequenceItem)
        {
            // The first indent inside a sequence item just skips the "- " indicator.
            _indent += 2;
        }
        else
        {
            // Everything else aligns to the next multiple of the chosen indentation.
            _indent = _bestIndent * ((_indent + _bestIndent) / _bestIndent);
        }
    }

    private static void Require(YamlEvent ev, YamlEventType type)
    {
        if (ev.Type != type) throw new InvalidOperationException($"expected {type}, got {ev.Type}");
    }
}
