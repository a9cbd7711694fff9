// Numbers in library messages (eis/detail/to_text.hpp): expected strings are printf %g's
// definition (6 significant digits, exponent form below 1e-4 or from 1e6), not program output.
#include <string>

#include <gtest/gtest.h>

#include <eis/detail/to_text.hpp>
#include <eis/drt/tikhonov.hpp>

namespace {

using eis::detail::to_text;

TEST(ToText, FloatingPointKeepsSmallAndLargeValues) {
  EXPECT_EQ(to_text(1e-9), "1e-09");  // std::to_string wrote "0.000000"
  EXPECT_EQ(to_text(-2.5e-7), "-2.5e-07");
  EXPECT_EQ(to_text(120940.0), "120940");  // std::to_string: "120940.000000"
  EXPECT_EQ(to_text(1e6), "1e+06");
  EXPECT_EQ(to_text(0.4551064), "0.455106");
  EXPECT_EQ(to_text(0.0), "0");
  EXPECT_EQ(to_text(1.0f / 3.0f), "0.333333");
  EXPECT_EQ(eis::detail::format_significant(4395396.089, 4), "4.395e+06");
}

TEST(ToText, IntegersAndEnumeratorsAreExact) {
  EXPECT_EQ(to_text(42), "42");
  EXPECT_EQ(to_text(-7LL), "-7");
  EXPECT_EQ(to_text(std::size_t{123456789012}), "123456789012");
  enum class Code : int { minus_two = -2 };
  EXPECT_EQ(to_text(Code::minus_two), "-2");
}

// The point of it: an invalid option's message names the value given.
TEST(ToText, ValidationMessagesNameTinyValues) {
  const eis::drt::DrtOptions o{.lambda = -1e-9};
  const auto msg = o.validate();
  ASSERT_TRUE(msg.has_value());
  EXPECT_NE(msg->find("-1e-09"), std::string::npos) << *msg;
}

}  // namespace
