using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Tests.Interpreter;

public sealed class EvaluatorTests
{
    [Theory]
    [InlineData("false && 1/0 == 1", false)]
    [InlineData("1/0 == 1 && false", false)]
    [InlineData("true || 1/0 == 1", true)]
    [InlineData("1/0 == 1 || true", true)]
    [InlineData("false && 'not a bool'", false)]
    [InlineData("true ? 1 == 1 : 1/0 == 1", true)]
    public void Logical_operators_absorb_errors_commutatively(string expression, bool expected) =>
        Assert.Equal(expected, Cel.Eval(expression));

    [Theory]
    [InlineData("true && 1/0 == 1", CelErrorKind.DivideByZero)]
    [InlineData("1/0 == 1 || false", CelErrorKind.DivideByZero)]
    [InlineData("true && 'x'", CelErrorKind.NoSuchOverload)]
    [InlineData("9223372036854775807 + 1", CelErrorKind.Overflow)]
    [InlineData("-9223372036854775808 - 1", CelErrorKind.Overflow)]
    [InlineData("-9223372036854775808 / -1", CelErrorKind.Overflow)]
    [InlineData("0u - 1u", CelErrorKind.Overflow)]
    [InlineData("18446744073709551615u * 2u", CelErrorKind.Overflow)]
    [InlineData("1 % 0", CelErrorKind.DivideByZero)]
    [InlineData("1 + 1u", CelErrorKind.NoSuchOverload)]
    [InlineData("[1, 2][2]", CelErrorKind.IndexOutOfRange)]
    [InlineData("{'a': 1}.b", CelErrorKind.NoSuchKey)]
    [InlineData("{'a': 1, 'a': 2}", CelErrorKind.DuplicateKey)]
    [InlineData("{1: 'a', 1u: 'b'}", CelErrorKind.DuplicateKey)]
    [InlineData("{[1]: 2}", CelErrorKind.UnsupportedType)]
    [InlineData("x", CelErrorKind.UndeclaredReference)]
    [InlineData("nosuch(1)", CelErrorKind.UnknownFunction)]
    [InlineData("int('1.5')", CelErrorKind.InvalidArgument)]
    [InlineData("int(1e19)", CelErrorKind.Overflow)]
    [InlineData("uint(-1)", CelErrorKind.Overflow)]
    [InlineData("duration('3000000h')", CelErrorKind.InvalidArgument)]
    [InlineData("timestamp('9999-12-31T23:59:59Z') + duration('1s')", CelErrorKind.Overflow)]
    public void Runtime_errors_are_values_of_their_kind(string expression, CelErrorKind kind) =>
        Assert.Equal(kind, Cel.Error(expression).Kind);

    [Theory]
    [InlineData("1 == 1u")]
    [InlineData("1 == 1.0")]
    [InlineData("1u == 1.0")]
    [InlineData("[1, 2] == [1.0, 2u]")]
    [InlineData("{1: 'a'} == {1u: 'a'}")]
    [InlineData("1 < 1.5 && 2u > 1 && -1 < 0u")]
    [InlineData("{1u: 'x'}[1] == 'x' && {1: 'x'}[1.0] == 'x'")]
    [InlineData("2 in [1.0, 2.0]")]
    [InlineData("1 != 'a' && null != 0 && [] != {}")]
    [InlineData("!(0.0/0.0 == 0.0/0.0)")]
    public void Numbers_compare_across_int_uint_and_double(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Fact]
    public void Has_is_presence_not_emptiness()
    {
        var self = Cel.Map(("empty", ""), ("zero", 0L), ("list", new List<object?>()), ("nothing", null));
        var vars = Cel.Vars(("self", self));
        Assert.Equal(true, Cel.Eval("has(self.empty) && has(self.zero) && has(self.list) && has(self.nothing)", vars));
        Assert.Equal(false, Cel.Eval("has(self.missing)", vars));
        Assert.Equal(CelErrorKind.NoSuchOverload, Cel.Error("has(self.empty.x)", vars).Kind);
    }

    [Theory]
    [InlineData("[1, 2, 3].all(x, x > 0)", true)]
    [InlineData("[1, 2, 3].exists(x, x == 2)", true)]
    [InlineData("[1, 2, 3].exists_one(x, x > 1)", false)]
    [InlineData("[1, 2, 3].map(x, x * 2) == [2, 4, 6]", true)]
    [InlineData("[1, 2, 3].map(x, x > 1, x * 10) == [20, 30]", true)]
    [InlineData("[1, 2, 3].filter(x, x % 2 == 1) == [1, 3]", true)]
    [InlineData("{'a': 1, 'b': 2}.map(k, k) == ['a', 'b']", true)]
    [InlineData("{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])", true)]
    [InlineData("{'a': 1, 'b': 2}.filter(k, k == 'b') == ['b']", true)]
    [InlineData("[0, 1].all(x, 1 / x > 0 && x == 5)", false)]
    [InlineData("[0, 1].exists(x, 1 / x == 1)", true)]
    [InlineData("['a*+b'].all(s, s.matches('^[a*+]+b$'))", true)]
    [InlineData("[[1, 2], [3]].all(l, l.all(x, x > 0))", true)]
    [InlineData("[1, 2].all(i, v, v == i + 1)", true)]
    [InlineData("{'a': 1}.exists(k, v, k == 'a' && v == 1)", true)]
    [InlineData("[1, 2].transformList(i, v, v * 10) == [10, 20]", true)]
    [InlineData("{'a': 1}.transformMap(k, v, v + 1) == {'a': 2}", true)]
    [InlineData("cel.bind(x, 3, x * x) == 9", true)]
    public void Macros(string expression, bool expected) => Assert.Equal(expected, Cel.Eval(expression));

    [Fact]
    public void All_reports_an_error_only_when_no_element_decides() =>
        Assert.Equal(CelErrorKind.DivideByZero, Cel.Error("[1, 0].all(x, 1 / x > 0 || x == 1)").Kind);

    [Theory]
    [InlineData("optional.of(1).hasValue() && !optional.none().hasValue()")]
    [InlineData("optional.none().orValue(5) == 5")]
    [InlineData("{'a': {'b': 1}}.?a.?b.value() == 1")]
    [InlineData("!{'a': 1}.?c.hasValue()")]
    [InlineData("{'a': 1}[?'a'] == optional.of(1)")]
    [InlineData("[1, 2][?5] == optional.none()")]
    [InlineData("[1, ?optional.none(), ?optional.of(3)] == [1, 3]")]
    [InlineData("{'a': 1, ?'b': optional.none()} == {'a': 1}")]
    [InlineData("optional.of(2).optMap(x, x * 2).value() == 4")]
    [InlineData("optional.of(2).optFlatMap(x, optional.none()) == optional.none()")]
    [InlineData("optional.ofNonZeroValue('') == optional.none()")]
    [InlineData("optional.none().or(optional.of(1)).value() == 1")]
    public void Optionals(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Fact]
    public void Optional_value_of_none_is_an_error() =>
        Assert.Equal(CelErrorKind.InvalidArgument, Cel.Error("optional.none().value()").Kind);

    [Theory]
    [InlineData("type(1) == int && type(1u) == uint && type(1.0) == double")]
    [InlineData("type('') == string && type(b'') == bytes && type(null) == null_type")]
    [InlineData("type([]) == list && type({}) == map && type(int) == type")]
    [InlineData("type(duration('1s')) == google.protobuf.Duration")]
    [InlineData("dyn(1) == 1")]
    public void Type_values(string expression) => Assert.Equal(true, Cel.Eval(expression));

    [Fact]
    public void Unknown_variables_win_over_errors_and_lose_to_decisive_values()
    {
        var program = CelProgram.Compile("x || 1/0 == 1", Cel.Environment);
        var unknowns = new HashSet<string> { "x" };
        Assert.True(program.Evaluate(new Dictionary<string, object?>(), unknowns: unknowns).IsUnknown);
        var decided = CelProgram.Compile("x || true", Cel.Environment).Evaluate(new Dictionary<string, object?>(), unknowns: unknowns);
        Assert.Equal(true, decided.Value);
    }

    [Fact]
    public void Container_resolves_qualified_names()
    {
        var environment = Cel.Environment with { Container = "a.b" };
        var program = CelProgram.Compile("c.d + x", environment);
        var result = program.Evaluate(new Dictionary<string, object?> { ["a.c.d"] = 1L, ["a.b.x"] = 2L });
        Assert.Equal(3L, result.Value);
    }

    [Fact]
    public void DotNet_values_are_converted()
    {
        var vars = Cel.Vars(("n", 3), ("list", new[] { "a", "b" }), ("when", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)), ("span", TimeSpan.FromMinutes(90)));
        Assert.Equal(true, Cel.Eval("n == 3 && list == ['a', 'b'] && when.getFullYear() == 2024 && span == duration('1h30m')", vars));
    }

    [Fact]
    public void Variables_are_matched_by_ordinal_name_and_converted_whatever_dictionary_holds_them()
    {
        var program = CelProgram.Compile("x + 1", CelEnvironment.Standard());
        var caseless = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["X"] = 1L };
        Assert.Equal(CelErrorKind.UndeclaredReference, Assert.IsType<CelError>(program.Evaluate(caseless).Value).Kind);
        Assert.Equal(3L, program.Evaluate(new Dictionary<string, object?> { ["x"] = 2 }).Value); // an int, converted
        Assert.Equal(3L, program.Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal) { ["x"] = 2L }).Value);
        Assert.True(program.References("x"));
        Assert.False(program.References("X"));
    }

    [Theory]
    [InlineData("optional.of(1).value() == 1")]
    [InlineData("math.greatest(1, 2) == 2")]
    [InlineData("['ab'].exists(optional, optional.size() == 2)")]
    public void Receiver_calls_that_name_a_qualified_global_call_it(string expression) =>
        Assert.Equal(true, Cel.Eval(expression));

    [Fact]
    public void A_compiled_call_resolves_its_function_once_and_keeps_per_evaluation_name_resolution()
    {
        var program = CelProgram.Compile("size(s) + s.size() + (optional.of(1).hasValue() ? 1 : 0)", Cel.Environment);
        for (var round = 0; round < 3; round++)
            Assert.Equal(7L, program.Evaluate(new Dictionary<string, object?> { ["s"] = "abc" }).Value);
        // the same call site with a variable named optional is a receiver call on it, not the global optional.of
        var shadowed = program.Evaluate(new Dictionary<string, object?> { ["s"] = "abc", ["optional"] = new Dictionary<string, object?>() });
        Assert.IsType<SecretsKit.Cel.Values.CelError>(shadowed.Value);
        Assert.Equal(7L, program.Evaluate(new Dictionary<string, object?> { ["s"] = "abc" }).Value);
        // a program compiled in another environment binds its own functions: the standard one has no Kubernetes library
        Assert.IsType<SecretsKit.Cel.Values.CelError>(CelProgram.Compile("[1].isSorted()", CelEnvironment.Standard()).Evaluate(new Dictionary<string, object?>()).Value);
        Assert.Equal(true, CelProgram.Compile("[1].isSorted()", Cel.Environment).Evaluate(new Dictionary<string, object?>()).Value);
    }
}
