#include <engine/job/iban.hpp>

#include <gtest/gtest.h>

namespace mailroom::job {
namespace {

TEST(Iban, AcceptsValidIbansWrittenWithOrWithoutSpaces) {
  EXPECT_TRUE(is_valid_iban("NL91ABNA0417164300"));
  EXPECT_TRUE(is_valid_iban("NL91 ABNA 0417 1643 00"));
  EXPECT_TRUE(is_valid_iban("BE68539007547034"));
  EXPECT_TRUE(is_valid_iban("DE89370400440532013000"));
  EXPECT_EQ(iban_problem("NL20INGB0001234567"), "");
}

TEST(Iban, SaysWhatIsWrongWithAnIban) {
  EXPECT_EQ(iban_problem("NL92ABNA0417164300"), "the IBAN's check digits do not match (mistyped?)");
  EXPECT_EQ(iban_problem("NL91ABNA"), "expected an IBAN of 15 to 34 characters");
  EXPECT_EQ(iban_problem("nl91abna0417164300"), "an IBAN holds only capital letters and digits");
  EXPECT_FALSE(is_valid_iban("NL18INGB0001234567"));
}

} // namespace
} // namespace mailroom::job
