using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Tests.Library;

public sealed class KubernetesLibraryTests
{
    [Theory]
    [InlineData("[1, 2, 3].isSorted() && ![2, 1].isSorted() && ['a', 'b'].isSorted()")]
    [InlineData("[1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0 && [].sum() == 0")]
    [InlineData("[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3")]
    [InlineData("[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2 && [1].indexOf(5) == -1")]
    public void Lists(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Theory]
    [InlineData("[1, 2, 3, 4].slice(1, 3) == [2, 3] && [[1], [2, [3]]].flatten() == [1, 2, [3]] && [[1], [2, [3]]].flatten(2) == [1, 2, 3]")]
    [InlineData("[1, 2, 1, 3].distinct() == [1, 2, 3] && [1, 2].reverse() == [2, 1] && 'ab'.reverse() == 'ba'")]
    [InlineData("[3, 1, 2].sort() == [1, 2, 3] && ['bb', 'a'].sortBy(s, size(s)) == ['a', 'bb']")]
    [InlineData("[1, 2].first() == optional.of(1) && [].last() == optional.none() && lists.range(3) == [0, 1, 2]")]
    public void Lists_extension(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Theory]
    [InlineData("math.greatest(1, 2.5, 3u) == 3u && math.least([5, -1.5]) == -1.5")]
    [InlineData("math.ceil(1.2) == 2.0 && math.floor(-1.2) == -2.0 && math.round(2.5) == 3.0 && math.round(-2.5) == -3.0 && math.trunc(-1.7) == -1.0")]
    [InlineData("math.abs(-3) == 3 && math.sign(-2.0) == -1.0 && math.isNaN(0.0/0.0) && math.isInf(1.0/0.0) && !math.isFinite(1.0/0.0)")]
    [InlineData("math.bitAnd(6, 3) == 2 && math.bitOr(4u, 1u) == 5u && math.bitXor(5, 1) == 4 && math.bitNot(0) == -1")]
    [InlineData("math.bitShiftLeft(1, 3) == 8 && math.bitShiftRight(-1, 63) == 1 && math.bitShiftLeft(1, 64) == 0")]
    public void Math_extension(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Fact]
    public void Math_errors()
    {
        Assert.Equal(CelErrorKind.Overflow, Cel.Error("math.abs(-9223372036854775808)").Kind);
        Assert.Equal(CelErrorKind.InvalidArgument, Cel.Error("math.bitShiftLeft(1, -1)").Kind);
        Assert.Equal(CelErrorKind.NoSuchOverload, Cel.Error("math.ceil(1)").Kind);
    }

    [Fact]
    public void Min_of_an_empty_list_is_an_error() => Assert.Equal(CelErrorKind.InvalidArgument, Cel.Error("[].min()").Kind);

    [Theory]
    [InlineData("'abc 123 def 456'.find('[0-9]+') == '123' && 'abc'.find('[0-9]+') == ''")]
    [InlineData("'abc 123 def 456'.findAll('[0-9]+') == ['123', '456'] && 'a1b2c3'.findAll('[0-9]', 2) == ['1', '2']")]
    public void Regex(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Theory]
    [InlineData("url('https://user@example.com:8443/a%20b?x=1&x=2&y=').getScheme() == 'https'")]
    [InlineData("url('https://example.com:8443/path').getHost() == 'example.com:8443'")]
    [InlineData("url('https://[::1]:80/').getHostname() == '::1' && url('https://[::1]:80/').getPort() == '80'")]
    [InlineData("url('https://example.com/a%20b').getEscapedPath() == '/a%20b'")]
    [InlineData("url('https://example.com/?x=1&x=2&y=').getQuery() == {'x': ['1', '2'], 'y': ['']}")]
    [InlineData("isURL('/relative/path') && !isURL('relative') && !isURL('https://exa mple.com')")]
    public void Urls(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Theory]
    [InlineData("quantity('1k') == quantity('1000') && quantity('1Ki') == quantity('1024')")]
    [InlineData("quantity('500m').isLessThan(quantity('1')) && quantity('2Gi').isGreaterThan(quantity('2G'))")]
    [InlineData("quantity('1.5').compareTo(quantity('1500m')) == 0 && quantity('-1').sign() == -1")]
    [InlineData("quantity('1k').asInteger() == 1000 && quantity('1e3').isInteger() && !quantity('500m').isInteger()")]
    [InlineData("quantity('1').add(quantity('500m')) == quantity('1.5') && quantity('2').sub(1) == quantity('1')")]
    [InlineData("quantity('250m').asApproximateFloat() == 0.25")]
    [InlineData("isQuantity('1Gi') && !isQuantity('1GB') && !isQuantity('') && !isQuantity('1.2.3')")]
    public void Quantities(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Theory]
    [InlineData("semver('1.2.3').major() == 1 && semver('1.2.3').minor() == 2 && semver('1.2.3').patch() == 3")]
    [InlineData("semver('1.10.0').isGreaterThan(semver('1.9.9')) && semver('1.0.0-alpha').isLessThan(semver('1.0.0'))")]
    [InlineData("semver('1.0.0-alpha.1').compareTo(semver('1.0.0-alpha.beta')) == -1 && semver('1.0.0+build') == semver('1.0.0')")]
    [InlineData("isSemver('1.2.3') && !isSemver('v1.2') && isSemver('v1.2', true) && semver('v01.2', true) == semver('1.2.0')")]
    [InlineData("!isSemver('1.2.03') && !isSemver('1.2.3-01') && quantity('1').isLessThan(quantity('2'))")]
    public void Semantic_versions(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Fact]
    public void A_fractional_quantity_as_integer_is_an_error() =>
        Assert.Equal(CelErrorKind.InvalidArgument, Cel.Error("quantity('500m').asInteger()").Kind);

    [Theory]
    [InlineData("isIP('10.0.0.1') && isIP('::1') && !isIP('10.0.0.01') && !isIP('10.0.0') && !isIP('fe80::1%eth0')")]
    [InlineData("ip('10.0.0.1').family() == 4 && ip('::1').family() == 6 && ip('127.0.0.1').isLoopback()")]
    [InlineData("string(ip('2001:DB8::1')) == '2001:db8::1' && !ip.isCanonical('2001:DB8::1')")]
    [InlineData("cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1'))")]
    [InlineData("cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8')")]
    [InlineData("cidr('10.1.2.3/8').prefixLength() == 8 && cidr('10.1.2.3/8').ip() == ip('10.1.2.3') && isCIDR('::/0') && !isCIDR('10.0.0.0/33')")]
    public void Ips_and_cidrs(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Theory]
    [InlineData("format.dns1123Label().validate('my-name') == optional.none()")]
    [InlineData("format.dns1123Subdomain().validate('example.com') == optional.none()")]
    [InlineData("format.named('dns1035Label').value().validate('1abc').hasValue()")]
    [InlineData("format.named('nope') == optional.none()")]
    [InlineData("format.qualifiedName().validate('example.com/MyName') == optional.none()")]
    [InlineData("format.labelValue().validate('') == optional.none() && format.uuid().validate('123e4567-e89b-12d3-a456-426614174000') == optional.none()")]
    public void Formats(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Fact]
    public void Format_errors_are_the_api_servers_messages()
    {
        var errors = Assert.IsType<CelList>(Assert.IsType<CelOptional>(Cel.Eval("format.dns1123Label().validate('My_Name')")).Value);
        Assert.Equal(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            Assert.Single(errors.Items));
        var dots = Assert.IsType<CelList>(Assert.IsType<CelOptional>(Cel.Eval("format.dns1123Label().validate('a.b')")).Value);
        Assert.Equal("must not contain dots", Assert.Single(dots.Items));
    }

    [Theory]
    [InlineData("sets.contains([1, 2, 3], [2, 3]) && !sets.contains([1], [2])")]
    [InlineData("sets.equivalent([1, 2, 2], [2, 1]) && sets.intersects([1, 2], [2, 3]) && !sets.intersects([1], [])")]
    public void Sets(string expression) => Assert.Equal(true, Cel.Eval(expression));
}
