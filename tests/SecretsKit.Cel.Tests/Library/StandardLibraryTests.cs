using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Tests.Library;

public sealed class StandardLibraryTests
{
    [Theory]
    [InlineData("size('héllo') == 5 && size(b'ab') == 2 && size([1]) == 1 && size({'a': 1}) == 1 && 'abc'.size() == 3")]
    [InlineData("'hello'.contains('ell') && 'hello'.startsWith('he') && 'hello'.endsWith('lo')")]
    [InlineData("'abc'.matches('^a.c$') && 'xabcx'.matches('b') && !'abc'.matches('^b')")]
    [InlineData("int('-42') == -42 && uint('42') == 42u && double('2.5') == 2.5 && int(2.9) == 2 && int(-2.9) == -2")]
    [InlineData("string(42) == '42' && string(1.5) == '1.5' && string(1e6) == '1e+06' && string(true) == 'true'")]
    [InlineData("string(b'abc') == 'abc' && bytes('abc') == b'abc' && bool('true') && !bool('0')")]
    [InlineData("'a' < 'b' && b'a' < b'b' && false < true && [1] + [2] == [1, 2] && 'a' + 'b' == 'ab'")]
    public void Core_functions(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Theory]
    [InlineData("timestamp('2024-03-10T12:30:45.123456789Z').getFullYear() == 2024")]
    [InlineData("timestamp('2024-03-10T12:30:45Z').getMonth() == 2 && timestamp('2024-03-10T12:30:45Z').getDate() == 10")]
    [InlineData("timestamp('2024-03-10T12:30:45Z').getDayOfMonth() == 9 && timestamp('2024-03-10T12:30:45Z').getDayOfWeek() == 0")]
    [InlineData("timestamp('2024-03-10T12:30:45Z').getDayOfYear() == 69")]
    [InlineData("timestamp('2024-03-10T12:30:45.5Z').getMilliseconds() == 500")]
    [InlineData("timestamp('2024-03-10T12:30:45Z').getHours('+05:30') == 18 && timestamp('2024-03-10T12:30:45Z').getMinutes('+05:30') == 0")]
    [InlineData("timestamp('2024-01-10T12:00:00Z').getHours('America/Los_Angeles') == 4")]
    [InlineData("timestamp('2024-07-10T12:00:00Z').getHours('America/Los_Angeles') == 5")]
    [InlineData("timestamp('2024-03-10T12:30:45+01:00') == timestamp('2024-03-10T11:30:45Z')")]
    [InlineData("string(timestamp('2024-03-10T12:30:45.100Z')) == '2024-03-10T12:30:45.1Z'")]
    [InlineData("timestamp('2024-01-01T00:00:00Z') + duration('36h') == timestamp('2024-01-02T12:00:00Z')")]
    [InlineData("timestamp('2024-01-02T00:00:00Z') - timestamp('2024-01-01T00:00:00Z') == duration('24h')")]
    [InlineData("duration('1h30m').getMinutes() == 90 && duration('1.5s').getMilliseconds() == 500 && string(duration('-1m1.5s')) == '-61.5s'")]
    [InlineData("int(timestamp('1970-01-01T00:01:00Z')) == 60 && timestamp(60) == timestamp('1970-01-01T00:01:00Z')")]
    public void Timestamps_and_durations(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Theory]
    [InlineData("'tacocat'.charAt(3) == 'o' && 'tacocat'.indexOf('ac') == 1 && 'tacocat'.lastIndexOf('a') == 5")]
    [InlineData("'TacoCat'.lowerAscii() == 'tacocat' && 'TacoCat'.upperAscii() == 'TACOCAT'")]
    [InlineData("'a,b,c'.split(',') == ['a', 'b', 'c'] && 'a,b,c'.split(',', 2) == ['a', 'b,c']")]
    [InlineData("'hello'.substring(1, 3) == 'el' && '  x  '.trim() == 'x' && ['a', 'b'].join('-') == 'a-b'")]
    [InlineData("'aaa'.replace('a', 'b', 2) == 'bba' && 'abc'.reverse() == 'cba'")]
    [InlineData("'%s is %d, %.2f, %x'.format(['x', 5, 1.005, 255]) == 'x is 5, 1.00, ff'")]
    [InlineData("strings.quote('a\"b') == '\"a\\\\\"b\"'")]
    public void String_extension(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Fact]
    public void Substring_out_of_range_is_an_error() =>
        Assert.Equal(CelErrorKind.IndexOutOfRange, Cel.Error("'abc'.substring(2, 5)").Kind);

    [Theory]
    [InlineData(@"'aa'.matches('(a)\\1')")]
    [InlineData("'ab'.matches('a(?=b)')")]
    [InlineData("'ab'.matches('(?<=a)b')")]
    [InlineData("'ab'.matches('(?!a)b')")]
    [InlineData("'ab'.matches('[')")]
    [InlineData("'ab'.matches('a{1001}')")]
    [InlineData("'ab'.matches('(a{1000}){1000}')")]
    public void Regex_syntax_re2_lacks_is_a_cel_error(string expression) =>
        Assert.Equal(CelErrorKind.InvalidRegex, Cel.Error(expression).Kind);

    [Fact]
    public void Regex_runs_in_linear_time_on_a_catastrophic_pattern() =>
        Assert.Equal(false, Cel.Eval("'" + new string('a', 5000) + "!'.matches('^(a+)+$')"));
}
