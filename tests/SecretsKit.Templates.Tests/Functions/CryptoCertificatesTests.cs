using System.Security.Cryptography.X509Certificates;
using SecretsKit.Templates.Functions;
using SecretsKit.Testing.Time;

namespace SecretsKit.Templates.Tests.Functions;

/// <summary>sprig's certificate functions read "now" from the clock they are registered with.</summary>
public sealed class CryptoCertificatesTests
{
    [Theory]
    [InlineData("genCA \"ca\" 3")]
    [InlineData("genSelfSignedCert \"web\" nil (list \"web.example\") 3")]
    [InlineData("genSignedCert \"web\" nil nil 3 (genCA \"ca\" 30)")]
    public void A_certificate_is_valid_from_the_clock_s_now_for_the_days_asked(string call)
    {
        var now = new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var functions = TemplateFunctions.Sprig.With(t => CryptoCertificates.Register(t, new ManualTimeProvider(now)));

        var pem = Template.Render("t", "{{ (" + call + ").Cert }}", null, functions);

        using var certificate = X509Certificate2.CreateFromPem(pem);
        Assert.Equal(now.UtcDateTime, certificate.NotBefore.ToUniversalTime());
        Assert.Equal(now.AddDays(3).UtcDateTime, certificate.NotAfter.ToUniversalTime());
    }
}
