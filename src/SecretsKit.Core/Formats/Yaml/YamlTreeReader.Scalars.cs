using System.Text;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Scalars as yaml.v3 resolves them: by their <c>!!</c> tag, else as strings when quoted or application-tagged, else by
/// the plain-scalar rules (<see cref="YamlScalarResolver"/>); and the folded values of <see cref="YamlFoldedValues"/>
/// read back, which only a whole plain scalar outside flow collections may be.
/// </summary>
internal sealed partial class YamlTreeReader
{
    private TreeNode ResolveScalar(Scalar sc)
    {
        if (_folded is not null && sc.Value.Contains(FoldedText.Marker, StringComparison.Ordinal)) return Unfold(sc);
        var tag = sc.Tag.IsEmpty ? string.Empty : sc.Tag.Value;
        if (tag.StartsWith(YamlTagPrefix, StringComparison.Ordinal))
        {
            var shortTag = tag[YamlTagPrefix.Length..];
            switch (shortTag)
            {
                case "str":
                    return new StringValue(sc.Value);
                case "binary":
                    return DecodeBinary(sc);
                case "int" or "float" or "bool" or "null" or "timestamp":
                    return ResolveTagged(sc, shortTag);
                default:
                    return new StringValue(sc.Value);
            }
        }
        if (tag.Length > 0 && tag != "!")
        {
            return new StringValue(sc.Value); // an application tag: yaml.v3 keeps the text
        }
        if (sc.Style != ScalarStyle.Plain) return new StringValue(sc.Value);
        return ResolvePlain(sc.Value, sc.Start);
    }

    /// <summary>
    /// A folded value: only a whole untagged plain scalar outside flow collections reads as the original would; an
    /// encrypted one is a string, a long plaintext one resolves as the plain scalar it is.
    /// </summary>
    private TreeNode Unfold(Scalar sc)
    {
        if (sc.Style != ScalarStyle.Plain || !sc.Tag.IsEmpty || !sc.Anchor.IsEmpty || _flowDepth > 0)
        {
            throw new FoldedText.MismatchException();
        }
        if (_folded!.TryUnfoldStored(sc.Value, out var read))
        {
            _unfolded++;
            return read;
        }
        if (!_folded.TryUnfoldBytes(sc.Value, out var bytes)) throw new FoldedText.MismatchException();
        _unfolded++;
        if (StringValue.TryReadEncrypted(bytes) is { } stored) return stored;
        var value = GoUtf8.Decode(bytes);
        return YamlFoldedValues.IsEncrypted(value) ? new StringValue(value) : ResolvePlain(value, sc.Start);
    }

    /// <summary>Keeps count of open flow collections while reading folded text.</summary>
    private void TrackFlow(ParsingEvent ev)
    {
        switch (ev)
        {
            case MappingStart ms:
                Open(ms.Style == MappingStyle.Flow);
                break;
            case SequenceStart ss:
                Open(ss.Style == SequenceStyle.Flow);
                break;
            case MappingEnd or SequenceEnd when _flow is { Count: > 0 }:
                if (_flow.Pop()) _flowDepth--;
                break;
        }
    }

    private void Open(bool flow)
    {
        (_flow ??= new Stack<bool>()).Push(flow);
        if (flow) _flowDepth++;
    }

    private static TreeNode ResolvePlain(string value, Mark start)
    {
        var kind = YamlScalarResolver.Resolve(value, out var node);
        if (kind == YamlResolvedKind.UInt64 || node is null)
        {
            throw Malformed("unsupported value: integer is too large for a 64-bit signed integer", start);
        }
        return node;
    }

    private static TreeNode ResolveTagged(Scalar sc, string shortTag)
    {
        var kind = YamlScalarResolver.Resolve(sc.Value, out var node);
        var ok = shortTag switch
        {
            "int" => kind == YamlResolvedKind.Int,
            "float" => kind is YamlResolvedKind.Float or YamlResolvedKind.Int,
            "bool" => kind == YamlResolvedKind.Bool,
            "null" => kind == YamlResolvedKind.Null,
            _ => kind == YamlResolvedKind.Timestamp,
        };
        if (!ok || node is null)
        {
            throw Malformed($"cannot decode the value as !!{shortTag}", sc.Start);
        }
        return shortTag == "float" && node is IntValue i ? new FloatValue(i.Value) : node;
    }

    private static TreeNode DecodeBinary(Scalar sc)
    {
        var compact = new StringBuilder(sc.Value.Length);
        foreach (var ch in sc.Value)
        {
            if (ch is not ('\r' or '\n')) compact.Append(ch);
        }
        try
        {
            return new BytesValue(Convert.FromBase64String(compact.ToString()));
        }
        catch (FormatException)
        {
            throw Malformed("!!binary value contains invalid base64 data", sc.Start);
        }
    }
}
