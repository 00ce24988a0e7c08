using SecretsKit.Cli.Infrastructure.KeyService.Http2;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>The key service's HPACK decoder against RFC 7541's own examples (appendix C) and malformed blocks.</summary>
public sealed class HpackDecoderTests
{
    private static (string, string)[] Decode(HpackDecoder decoder, string hex) => [.. decoder.Decode(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)))];

    [Fact]
    public void Decodes_the_rfc_huffman_request_examples_with_their_dynamic_table()
    {
        var decoder = new HpackDecoder();
        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")],
            Decode(decoder, "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"));
        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")],
            Decode(decoder, "8286 84be 5886 a8eb 1064 9cbf"));
        Assert.Equal([(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")],
            Decode(decoder, "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"));
    }

    [Fact]
    public void Evicts_as_the_rfc_response_examples_do_after_a_table_size_update_to_256()
    {
        var decoder = new HpackDecoder();
        // 3fe101: dynamic table size update to 256, as the examples' SETTINGS_HEADER_TABLE_SIZE
        Decode(decoder, "3fe101 4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
            + "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d");
        Assert.Equal([(":status", "307"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")],
            Decode(decoder, "4803 3330 37c1 c0bf"));
        var third = Decode(decoder, "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
            + "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
            + "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31");
        Assert.Equal(("location", "https://www.example.com"), third[3]);
        // after the third response the table holds set-cookie, content-encoding and the new date only (RFC 7541 C.5.3)
        Assert.Equal([("content-encoding", "gzip")], Decode(decoder, "bf"));
        Assert.Throws<Http2Exception>(() => Decode(decoder, "c1"));
    }

    [Theory]
    [InlineData("80", "index 0")]
    [InlineData("ff00", "beyond the table")]
    [InlineData("0081 00 00", "invalid Huffman: padding not made of ones")]
    [InlineData("0084 ffff ffff 00", "invalid Huffman: the EOS symbol")]
    [InlineData("0005 6162", "a literal longer than its block")]
    [InlineData("3fe121", "a table size above the announced 4096")]
    [InlineData("82 20", "a size update after a field")]
    [InlineData("0f ff ff ff ff ff", "a truncated, oversized integer")]
    public void Refuses_malformed_blocks(string hex, string why)
    {
        var e = Assert.Throws<Http2Exception>(() => Decode(new HpackDecoder(), hex));
        Assert.False(string.IsNullOrEmpty(e.Message), why);
    }

    [Fact]
    public void Refuses_a_header_list_over_its_budget_even_when_every_field_comes_from_the_table()
    {
        // one literal of 1,000 bytes added to the dynamic table, then indexed 20 times: a small block, a 20 KB list
        var literal = "40 03 786b 79 7f e9 06" + string.Concat(Enumerable.Repeat("61", 1000));
        var block = literal + string.Concat(Enumerable.Repeat("be", 20));
        var e = Assert.Throws<Http2Exception>(() => Decode(new HpackDecoder(), block));
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, e.Code);
    }
}
