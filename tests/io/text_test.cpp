#include <string>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/text.hpp>

namespace {

using namespace eis::io;

TEST(Text, SplitsLfCrlfAndBareCr) {
  const auto lines = split_lines("a\r\nb\rc\nd");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].text, "a");
  EXPECT_EQ(lines[1].text, "b");
  EXPECT_EQ(lines[2].text, "c");
  EXPECT_EQ(lines[3].text, "d");
  EXPECT_EQ(lines[3].number, 4u);
  // PowerSuite's "\r\r\n" is a CR then a CRLF: an empty line in between.
  const auto ps = split_lines("x\r\r\ny\r\r\n");
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_EQ(ps[1].text, "");
  EXPECT_EQ(ps[2].text, "y");
  EXPECT_TRUE(split_lines("").empty());
}

TEST(Text, DecodesBomUtf16AndWindows1252) {
  EXPECT_EQ(decode_text("\xEF\xBB\xBFMu").text, "Mu");
  EXPECT_EQ(decode_text("\xEF\xBB\xBFMu").encoding, "utf-8-bom");
  // "Cs/µF" in Windows-1252: µ is 0xB5 → U+00B5 (C2 B5 in UTF-8); ° 0xB0; € 0x80.
  const auto w = decode_text(
      "Cs/\xB5"
      "F \xB0 \x80");
  EXPECT_EQ(w.encoding, "windows-1252");
  EXPECT_EQ(w.text,
            "Cs/\xC2\xB5"
            "F \xC2\xB0 \xE2\x82\xAC");
  // UTF-16LE with BOM: "A" U+00B5 and a surrogate pair U+1F600.
  const std::string le(
      "\xFF\xFE"
      "A\x00\xB5\x00\x3D\xD8\x00\xDE",
      10);
  const auto u = decode_text(le);
  EXPECT_EQ(u.encoding, "utf-16le");
  EXPECT_EQ(u.text, "A\xC2\xB5\xF0\x9F\x98\x80");
  const std::string be(
      "\xFE\xFF\x00"
      "A",
      4);
  EXPECT_EQ(decode_text(be).text, "A");
  EXPECT_TRUE(is_valid_utf8("plain \xC2\xB5"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
}

TEST(Text, ParsesNumbersWithoutLocale) {
  EXPECT_EQ(parse_double("1.000000000000000E+000"), 1.0);
  EXPECT_EQ(parse_double(" 1.00000e+06 "), 1e6);
  EXPECT_EQ(parse_double("+5"), 5.0);
  EXPECT_EQ(parse_double("10.900e+01"), 109.0);
  EXPECT_EQ(parse_double("1,00000E+004", ','), 1e4);
  EXPECT_EQ(parse_double("-7,5", ','), -7.5);
  EXPECT_FALSE(parse_double("1,5").has_value());
  EXPECT_FALSE(parse_double("1.5", ',').has_value());
  EXPECT_FALSE(parse_double("abc").has_value());
  EXPECT_FALSE(parse_double("1.5x").has_value());
  EXPECT_FALSE(parse_double("").has_value());
  EXPECT_FALSE(parse_double("+-1").has_value());
  EXPECT_EQ(guess_decimal_separator({"1,5", "2"}), ',');
  EXPECT_EQ(guess_decimal_separator({"1.5", "2"}), '.');
  EXPECT_EQ(guess_decimal_separator({"1", "2"}), '.');
}

TEST(Text, SplitsFields) {
  const auto f = split_fields("a\t\tb\t", '\t');
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[1], "");
  const auto w = split_whitespace("  1.0 \t 2.0  3 ");
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[2], "3");
  const auto q = split_quoted("\"a,b\",\"c\"\"d\",e", ',');
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0], "a,b");
  EXPECT_EQ(q[1], "c\"d");
}

TEST(Text, SourceReportsFileLineAndColumn) {
  const std::string text = "x\n1.0\tfoo\n";
  const TextSource src("f.txt", text);
  const auto& line = src.lines()[1];
  try {
    (void)src.number(line, line.text.substr(4), "Z'");
    FAIL() << "no throw";
  } catch (const eis::ParseError& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.column(), 5u);
    EXPECT_EQ(e.file(), "f.txt");
    EXPECT_NE(std::string(e.what()).find("f.txt:2:5:"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("foo"), std::string::npos);
  }
  EXPECT_THROW((void)src.number(line, "inf", "Z'"), eis::ParseError);
}

TEST(Text, LooksBinary) {
  EXPECT_TRUE(looks_binary(std::string("BIO\x00\x01", 5)));
  EXPECT_FALSE(looks_binary("freq\tZ\n1\t2\n"));
  EXPECT_FALSE(
      looks_binary("\xFF\xFE"
                   "a"));
}

}  // namespace

TEST(Text, Utf16CombinesSurrogatePairsAndReplacesLoneOnes) {
  // U+1F600 is the surrogate pair D83D DE00 and UTF-8 F0 9F 98 80 (Unicode §3.8, §3.9).
  const std::string le(
      "\x3D\xD8\x00\xDE"
      "A\x00",
      6);
  EXPECT_EQ(eis::io::utf16_to_utf8(le, true),
            "\xF0\x9F\x98\x80"
            "A");
  const std::string be(
      "\xD8\x3D\xDE\x00"
      "\x00"
      "A",
      6);
  EXPECT_EQ(eis::io::utf16_to_utf8(be, false),
            "\xF0\x9F\x98\x80"
            "A");
  // A high surrogate followed by a non-surrogate: U+FFFD, then the character; an odd last byte
  // also becomes U+FFFD (EF BF BD).
  const std::string lone(
      "\x3D\xD8"
      "B\x00"
      "C",
      5);
  EXPECT_EQ(eis::io::utf16_to_utf8(lone, true),
            "\xEF\xBF\xBD"
            "B"
            "\xEF\xBF\xBD");
}
