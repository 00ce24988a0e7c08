using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Tests.Syntax;

public sealed class ParserTests
{
    [Theory]
    [InlineData("42", 42L)]
    [InlineData("0x2A", 42L)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("1 + 2 * 3 - 4 / 2 % 3", 5L)]
    [InlineData("(1 + 2) * 3", 9L)]
    [InlineData("--5", 5L)]
    public void Integer_literals_and_precedence(string expression, long expected) =>
        Assert.Equal(expected, Cel.Eval(expression));

    [Theory]
    [InlineData("42u", 42UL)]
    [InlineData("0x2Au", 42UL)]
    [InlineData("18446744073709551615u", ulong.MaxValue)]
    public void Unsigned_literals(string expression, ulong expected) => Assert.Equal(expected, Cel.Eval(expression));

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData(".5", 0.5)]
    [InlineData("-2.5e-1", -0.25)]
    public void Double_literals(string expression, double expected) => Assert.Equal(expected, Cel.Eval(expression));

    [Theory]
    [InlineData(@"'a\nb'", "a\nb")]
    [InlineData(@"""\x41\101\u0041\U00000041""", "AAAA")]
    [InlineData(@"r'a\nb'", @"a\nb")]
    [InlineData("'''a\nb'''", "a\nb")]
    [InlineData("\"\"\"it's \"quoted\" \"\"\"", "it's \"quoted\" ")]
    [InlineData(@"'\a\b\f\r\t\v\\\'\""\`\?'", "\a\b\f\r\t\v\\'\"`?")]
    public void String_literals_decode_every_escape_and_quoting(string expression, string expected) =>
        Assert.Equal(expected, Cel.Eval(expression));

    [Fact]
    public void Bytes_literals_keep_octal_and_hex_escapes_as_bytes() =>
        Assert.Equal(new byte[] { 0xff, 0x00, 0xc3, 0xbf }, Assert.IsType<CelBytes>(Cel.Eval(@"b'\377\x00ÿ'")).ToArray());

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("18446744073709551616u")]
    [InlineData("'unterminated")]
    [InlineData("'a\nb'")]
    [InlineData(@"'\q'")]
    [InlineData(@"'\uD800'")]
    [InlineData("1 +")]
    [InlineData("if")]
    [InlineData("a.b(")]
    [InlineData("has(a)")]
    [InlineData("[1].all(1, true)")]
    public void Malformed_expressions_are_syntax_errors(string expression) =>
        Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(expression, Cel.Environment));

    [Fact]
    public void Reserved_words_are_fine_as_field_names() =>
        Assert.Equal(1L, Cel.Eval("{'if': 1}.if"));

    [Fact]
    public void Quoted_field_names_select_keys_that_are_not_identifiers() =>
        Assert.Equal(true, Cel.Eval("{'a-b.c': true}.`a-b.c`"));

    [Fact]
    public void Fifteen_hundred_nested_parentheses_are_a_limit_error_not_a_stack_overflow()
    {
        var expression = new string('(', 1500) + "1" + new string(')', 1500);
        var error = Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(expression, Cel.Environment));
        Assert.True(error.IsLimit);
    }

    [Fact]
    public void Deep_lists_and_calls_hit_the_depth_limit_too()
    {
        Assert.True(Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(new string('[', 2000) + new string(']', 2000), Cel.Environment)).IsLimit);
        Assert.True(Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(string.Concat(Enumerable.Repeat("size(", 2000)) + "'a'" + new string(')', 2000), Cel.Environment)).IsLimit);
        Assert.True(Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(string.Join(" + ", Enumerable.Repeat("1", 400)), Cel.Environment)).IsLimit);
        Assert.True(Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(new string('!', 2000) + "true", Cel.Environment)).IsLimit);
    }

    [Fact]
    public void Long_logical_chains_are_balanced_and_stay_within_the_limit() =>
        Assert.Equal(true, Cel.Eval(string.Join(" && ", Enumerable.Repeat("true", 3000))));

    [Fact]
    public void Nesting_within_the_limit_compiles() =>
        Assert.Equal(1L, Cel.Eval(new string('(', 100) + "1" + new string(')', 100)));

    [Fact]
    public void Nesting_just_under_the_limit_evaluates_without_exhausting_the_stack()
    {
        var value = Cel.Eval(new string('[', 120) + "1" + new string(']', 120));
        for (var depth = 0; depth < 120; depth++)
            value = Assert.Single(Assert.IsType<CelList>(value).Items);
        Assert.Equal(1L, value);
        Assert.Equal(240L, Cel.Eval(string.Join(" + ", Enumerable.Repeat("1", 240))));
    }

    [Fact]
    public void Expressions_over_the_size_limit_are_refused()
    {
        var environment = Cel.Environment with { MaxExpressionCodePoints = 100 };
        Assert.True(Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(new string(' ', 101) + "1", environment)).IsLimit);
    }

    [Fact]
    public void Syntax_errors_name_line_and_column() =>
        Assert.Contains("<input>:2:3", Assert.Throws<CelSyntaxException>(() => CelProgram.Compile("1 +\n  )", Cel.Environment)).Message, StringComparison.Ordinal);
}
