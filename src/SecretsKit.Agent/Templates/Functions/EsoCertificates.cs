using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Go.Pem;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Agent.Templates.Functions;

/// <summary>
/// ESO's PEM functions: <c>filterPEM TYPE TEXT</c> (the blocks of one type, re-encoded), <c>filterCertChain
/// leaf|intermediate|root TEXT</c> (one part of the chain, ordered by authority and subject key ids) and <c>certSANs
/// TEXT</c> (a certificate's DNS names, IPs, e-mail addresses and URIs, in that order).
/// </summary>
internal static class EsoCertificates
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["filterPEM"] = c => FilterPem(c.Exactly(2).String(0), c.String(1));
        t["filterCertChain"] = c => FilterChain(c.Exactly(2).String(0), c.String(1));
        t["certSANs"] = c => Sans(c.Exactly(1).String(0));
    }

    private static string TrimJunk(string input) =>
        input.IndexOf("-----BEGIN", StringComparison.Ordinal) is var at and >= 0 ? input[at..] : input;

    private static string FilterPem(string type, string input)
    {
        var data = GoString.ToBytes(TrimJunk(input));
        var output = new System.Text.StringBuilder();
        var rest = data;
        while (true)
        {
            var (block, remaining) = GoPem.Decode(data);
            rest = remaining;
            data = remaining;
            if (block is null) break;
            if (string.Equals(block.Type, type, StringComparison.OrdinalIgnoreCase)) output.Append(GoPem.Encode(block));
        }
        if (output.Length == 0 && rest.Length != 0) throw new TemplateFunctionException("error filtering pem: found junk");
        return output.ToString();
    }

    /// <summary>A certificate with the key ids ESO's chain ordering compares (absent ids are empty, as Go's nil slices compare equal).</summary>
    internal sealed record ChainCert(byte[] Raw, byte[] AuthorityKeyId, byte[] SubjectKeyId, bool HasAuthorityKeyId);

    internal static ChainCert ReadCert(byte[] der)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        var aki = cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier?.ToArray();
        var ski = cert.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray();
        return new ChainCert(der, aki ?? [], ski ?? [], aki is not null);
    }

    /// <summary>ESO's chain ordering: each certificate's parent is the first other one whose subject key id is its authority key id; the one that is nobody's parent is the leaf.</summary>
    internal static List<ChainCert> Order(byte[] pemData)
    {
        var certs = new List<ChainCert>();
        foreach (var block in GoPem.DecodeAll(pemData).Blocks)
        {
            try
            {
                certs.Add(ReadCert(block.Bytes));
            }
            catch (CryptographicException)
            {
                throw new TemplateFunctionException("x509: malformed certificate");
            }
        }
        var parent = new int[certs.Count];
        var isParent = new bool[certs.Count];
        for (var i = 0; i < certs.Count; i++)
        {
            parent[i] = -1;
            for (var j = 0; j < certs.Count; j++)
            {
                if (i == j || !certs[i].AuthorityKeyId.AsSpan().SequenceEqual(certs[j].SubjectKeyId)) continue;
                isParent[j] = true;
                parent[i] = j;
                break;
            }
        }
        var leaf = -1;
        for (var i = 0; i < certs.Count; i++)
        {
            if (isParent[i]) continue;
            if (leaf >= 0) throw new TemplateFunctionException("found multiple leaf or disjunct certificates");
            leaf = i;
        }
        if (leaf < 0) throw new TemplateFunctionException("no leaf certificate found");
        var chain = new List<ChainCert>();
        for (var n = leaf; n >= 0; n = parent[n])
        {
            if (chain.Count == certs.Count) throw new TemplateFunctionException("constructing chain resulted in cycle");
            chain.Add(certs[n]);
        }
        return chain;
    }

    private static bool IsRoot(ChainCert cert) => !cert.HasAuthorityKeyId || cert.AuthorityKeyId.AsSpan().SequenceEqual(cert.SubjectKeyId);

    private static string FilterChain(string type, string input)
    {
        var ordered = Order(GoString.ToBytes(input));
        switch (type)
        {
            case "leaf":
                var leaf = ordered[0];
                return leaf.HasAuthorityKeyId && !leaf.AuthorityKeyId.AsSpan().SequenceEqual(leaf.SubjectKeyId)
                    ? GoPem.Encode("CERTIFICATE", leaf.Raw) : "";
            case "intermediate":
                return string.Concat(ordered.Skip(1).TakeWhile(c => !IsRoot(c)).Select(c => GoPem.Encode("CERTIFICATE", c.Raw)));
            case "root":
                return IsRoot(ordered[^1]) ? GoPem.Encode("CERTIFICATE", ordered[^1].Raw) : "";
            default:
                return "";
        }
    }

    private static GoSlice Sans(string input)
    {
        var (block, _) = GoPem.Decode(GoString.ToBytes(TrimJunk(input)));
        if (block is null) throw new TemplateFunctionException("failed to decode PEM block");
        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadCertificate(block.Bytes);
        }
        catch (CryptographicException)
        {
            throw new TemplateFunctionException("failed to parse certificate: x509: malformed certificate");
        }
        using (cert)
        {
            var (dns, ips, emails, uris) = (new List<string>(), new List<string>(), new List<string>(), new List<string>());
            var ext = cert.Extensions["2.5.29.17"];
            if (ext is not null)
            {
                var names = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    if (tag.TagClass != TagClass.ContextSpecific)
                    {
                        names.ReadEncodedValue();
                        continue;
                    }
                    switch (tag.TagValue)
                    {
                        case 1: emails.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag)); break;
                        case 2: dns.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag)); break;
                        case 6: uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag)); break;
                        case 7: ips.Add(new IPAddress(names.ReadOctetString(tag)).ToString()); break;
                        default: names.ReadEncodedValue(); break;
                    }
                }
            }
            return GoSlice.Strings([.. dns, .. ips, .. emails, .. uris]);
        }
    }
}
