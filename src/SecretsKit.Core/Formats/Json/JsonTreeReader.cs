using System.Globalization;
using System.Text.Json;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Text;

namespace SecretsKit.Core.Formats.Json;

/// <summary>
/// Reads a JSON document into a tree like sops' token-walking decoder: the top level must be an object, key order and
/// duplicate keys are kept, integers that fit int64 become <see cref="IntValue"/> and other numbers
/// <see cref="FloatValue"/> (3.13.2). Anything after the top-level object is ignored, as the Go decoder stops there.
/// </summary>
internal static class JsonTreeReader
{

    public static TreeBranch ReadDocument(byte[] input)
    {
        DocumentBudget.CheckSize(input.Length, "JSON");
        var budget = new DocumentBudget("JSON");
        if (input.AsSpan().TrimStart(" \t\r\n"u8).IsEmpty)
        {
            throw new MalformedFileException(ExitCodes.CouldNotReadInputFile, "could not parse JSON: the input is empty");
        }
        var reader = new Utf8JsonReader(input, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            // One more than sops' limit, so the budget words the refusal (encoding/json: "exceeded max depth").
            MaxDepth = DocumentBudget.MaxDepth + 1,
        });
        try
        {
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
                    $"could not parse JSON: the top level must be an object (starting with '{{'), found {Describe(reader.TokenType)}",
                    "wrap the content in an object, e.g. {\"data\": [...]}");
            }
            return ReadObject(ref reader, budget);
        }
        catch (JsonException ex)
        {
            throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
                $"could not parse JSON: invalid or truncated input at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}",
                inner: null);
        }
        catch (InvalidOperationException)
        {
            throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
                $"could not parse JSON: a string near byte {reader.TokenStartIndex + 1} is not valid UTF-8 or has an invalid escape");
        }
    }

    private static TreeBranch ReadObject(ref Utf8JsonReader reader, DocumentBudget budget)
    {
        budget.Node();
        budget.Enter();
        var items = new List<TreeItem>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                budget.Leave();
                return new TreeBranch(items);
            }
            budget.Node();
            var key = ReadString(ref reader);
            Next(ref reader);
            items.Add(new TreeItem(key, ReadValue(ref reader, budget)));
        }
    }

    private static Sequence ReadArray(ref Utf8JsonReader reader, DocumentBudget budget)
    {
        budget.Node();
        budget.Enter();
        var items = new List<TreeNode>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                budget.Leave();
                return new Sequence(items);
            }
            items.Add(ReadValue(ref reader, budget));
        }
    }

    private static TreeNode ReadValue(ref Utf8JsonReader reader, DocumentBudget budget)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) budget.Node();
        return ReadScalarOrCollection(ref reader, budget);
    }

    private static TreeNode ReadScalarOrCollection(ref Utf8JsonReader reader, DocumentBudget budget) => reader.TokenType switch
    {
        JsonTokenType.StartObject => ReadObject(ref reader, budget),
        JsonTokenType.StartArray => ReadArray(ref reader, budget),
        JsonTokenType.String => (reader.ValueIsEscaped ? null : StringValue.TryReadEncrypted(reader.ValueSpan)) ?? new StringValue(ReadString(ref reader)),
        JsonTokenType.Number => ReadNumber(ref reader),
        JsonTokenType.True => new BoolValue(true),
        JsonTokenType.False => new BoolValue(false),
        JsonTokenType.Null => NullValue.Instance,
        _ => throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
            $"could not parse JSON: unexpected {Describe(reader.TokenType)} at byte {reader.TokenStartIndex + 1}"),
    };

    /// <summary>Decodes a string token like Go: invalid UTF-8 and lone surrogate escapes become U+FFFD.</summary>
    private static string ReadString(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Unescape(reader.ValueSpan) : GoUtf8.Decode(reader.ValueSpan);

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var bytes = new List<byte>(raw.Length);
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != (byte)'\\')
            {
                bytes.Add(raw[i++]);
                continue;
            }
            var c = raw[i + 1]; // the reader has validated every escape
            i += 2;
            switch (c)
            {
                case (byte)'b': bytes.Add((byte)'\b'); break;
                case (byte)'f': bytes.Add((byte)'\f'); break;
                case (byte)'n': bytes.Add((byte)'\n'); break;
                case (byte)'r': bytes.Add((byte)'\r'); break;
                case (byte)'t': bytes.Add((byte)'\t'); break;
                case (byte)'u':
                    var code = Hex4(raw.Slice(i, 4));
                    i += 4;
                    if (char.IsHighSurrogate((char)code) && i + 6 <= raw.Length && raw[i] == (byte)'\\' && raw[i + 1] == (byte)'u'
                        && char.IsLowSurrogate((char)Hex4(raw.Slice(i + 2, 4))))
                    {
                        code = char.ConvertToUtf32((char)code, (char)Hex4(raw.Slice(i + 2, 4)));
                        i += 6;
                    }
                    else if (code is >= 0xD800 and <= 0xDFFF)
                    {
                        code = 0xFFFD;
                    }
                    var n = new System.Text.Rune(code).EncodeToUtf8(utf8);
                    for (var k = 0; k < n; k++) bytes.Add(utf8[k]);
                    break;
                default: bytes.Add(c); break; // \" \\ \/
            }
        }
        return GoUtf8.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
    }

    private static int Hex4(ReadOnlySpan<byte> hex) =>
        int.Parse(System.Text.Encoding.ASCII.GetString(hex), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static TreeNode ReadNumber(ref Utf8JsonReader reader)
    {
        var text = System.Text.Encoding.ASCII.GetString(reader.ValueSpan);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return new IntValue(l);
        var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(d))
        {
            throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
                $"could not parse JSON: the number at byte {reader.TokenStartIndex + 1} is out of range for a 64-bit float");
        }
        return new FloatValue(d);
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new MalformedFileException(ExitCodes.CouldNotReadInputFile, "could not parse JSON: unexpected end of input");
        }
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };
}
