using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats.Text;

/// <summary>sops <c>ValToString</c> as used by INI, dotenv and flattened metadata.</summary>
public sealed class GoValueTextTests
{
    [Theory]
    [InlineData(25.0, "25.0")]
    [InlineData(1.23, "1.23")]
    [InlineData(1234568000.0, "1.234568E+09")]
    [InlineData(0.0, "0.0")]
    [InlineData(-3.0, "-3.0")]
    [InlineData(0.00001, "1E-05")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Floats_use_upper_g_and_get_a_decimal_when_integral(double value, string expected) =>
        Assert.Equal(expected, GoValueText.ToText(new FloatValue(value)));

    [Fact]
    public void Scalars_follow_go_val_to_string()
    {
        Assert.Equal("123", GoValueText.ToText(new IntValue(123)));
        Assert.Equal("-9223372036854775808", GoValueText.ToText(new IntValue(long.MinValue)));
        Assert.Equal("true", GoValueText.ToText(new BoolValue(true)));
        Assert.Equal("false", GoValueText.ToText(new BoolValue(false)));
        Assert.Equal("x", GoValueText.ToText(new StringValue("x")));
        Assert.Equal("2025-01-02T03:04:05Z",
            GoValueText.ToText(new TimeValue(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 500, TimeSpan.Zero))));
        Assert.Equal("2006-01-02T15:04:05-07:30",
            GoValueText.ToText(new TimeValue(new DateTimeOffset(2006, 1, 2, 15, 4, 5, new TimeSpan(-7, -30, 0)))));
        Assert.Null(GoValueText.ToText(TreeBranch.Empty));
        Assert.Null(GoValueText.ToText(new Sequence([])));
    }
}
