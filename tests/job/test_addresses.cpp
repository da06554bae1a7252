#include <engine/job/addresses.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mailroom::job {
namespace {

using Strings = std::vector<std::string>;

TEST(SplitAddresses, ToleratesSpacesAndEmptyParts) {
  const auto list = split_addresses("a@x.nl; b@y.nl;;  ");
  EXPECT_EQ(list.valid, (Strings{"a@x.nl", "b@y.nl"}));
  EXPECT_TRUE(list.rejected.empty());
}

TEST(SplitAddresses, EmptyAndBlankTextGiveNothing) {
  for (const char* text : {"", " ", ";", " ; ;; ", "\t"}) {
    const auto list = split_addresses(text);
    EXPECT_TRUE(list.valid.empty()) << '"' << text << '"';
    EXPECT_TRUE(list.rejected.empty()) << '"' << text << '"';
  }
}

TEST(SplitAddresses, KeepsTheOrderAsWritten) {
  const auto list = split_addresses("c@z.nl;a@x.nl;b@y.nl");
  EXPECT_EQ(list.valid, (Strings{"c@z.nl", "a@x.nl", "b@y.nl"}));
}

TEST(SplitAddresses, KeepsDuplicatesOnceIgnoringCase) {
  const auto list = split_addresses("Info@Example.NL; info@example.nl; other@example.nl; "
                                    "INFO@EXAMPLE.NL");
  // The first spelling is kept.
  EXPECT_EQ(list.valid, (Strings{"Info@Example.NL", "other@example.nl"}));
  EXPECT_TRUE(list.rejected.empty());
}

TEST(SplitAddresses, ReportsEachInvalidAddressWithItsReason) {
  const auto list = split_addresses("good@example.nl; no-at-sign; a..b@example.nl; x@localhost");
  EXPECT_EQ(list.valid, (Strings{"good@example.nl"}));
  ASSERT_EQ(list.rejected.size(), 3U);
  EXPECT_EQ(list.rejected[0].address, "no-at-sign");
  EXPECT_EQ(list.rejected[0].reason, "missing '@'");
  EXPECT_EQ(list.rejected[1].address, "a..b@example.nl");
  EXPECT_EQ(list.rejected[1].reason, "misplaced '.' before '@'");
  EXPECT_EQ(list.rejected[2].address, "x@localhost");
  EXPECT_EQ(list.rejected[2].reason, "domain \"localhost\" has no '.'");
}

TEST(SplitAddresses, ControlCharacterInsideAnAddressIsRejected) {
  // Trimming takes spaces and line ends from the edges only; one inside stays and is refused.
  const auto list = split_addresses("a@x.nl\r\nBcc: evil@y.nl");
  EXPECT_TRUE(list.valid.empty());
  ASSERT_EQ(list.rejected.size(), 1U);
  EXPECT_EQ(list.rejected[0].reason, "contains a control character");
}

TEST(SplitAddresses, DuplicateInvalidAddressesAreReportedOnce) {
  const auto list = split_addresses("nope; NOPE; nope");
  EXPECT_TRUE(list.valid.empty());
  ASSERT_EQ(list.rejected.size(), 1U);
  EXPECT_EQ(list.rejected[0].address, "nope");
}

TEST(AddressProblem, AcceptsOrdinaryAddresses) {
  for (const char* address : {"a@x.nl", "facturen@acme.example", "first.last@sub.domain.example",
                              "user+tag@example.com", "o'brien@example.ie", "x_y-z@my-host.example",
                              "!#$%&'*+-/=?^_`{|}~@example.org", "1234@123.example", "A@B.CO"}) {
    EXPECT_EQ(address_problem(address), "") << address;
  }
}

TEST(AddressProblem, Reasons) {
  EXPECT_EQ(address_problem(""), "empty address");
  EXPECT_EQ(address_problem("example.nl"), "missing '@'");
  EXPECT_EQ(address_problem("@example.nl"), "nothing before '@'");
  EXPECT_EQ(address_problem("someone@"), "nothing after '@'");
  EXPECT_EQ(address_problem(".a@example.nl"), "misplaced '.' before '@'");
  EXPECT_EQ(address_problem("a.@example.nl"), "misplaced '.' before '@'");
  EXPECT_EQ(address_problem("a..b@example.nl"), "misplaced '.' before '@'");
  EXPECT_EQ(address_problem("a b@example.nl"), "character ' ' is not allowed before '@'");
  EXPECT_EQ(address_problem("a\"b@example.nl"), "character '\"' is not allowed before '@'");
  EXPECT_EQ(address_problem("a@b@example.nl"), "character '@' is not allowed before '@'");
  EXPECT_EQ(address_problem("a@example"), "domain \"example\" has no '.'");
}

TEST(AddressProblem, ControlCharacters) {
  EXPECT_EQ(address_problem("a\n@example.nl"), "contains a control character");
  EXPECT_EQ(address_problem("a@example.nl\r"), "contains a control character");
  EXPECT_EQ(address_problem("a\t@example.nl"), "contains a control character");
  EXPECT_EQ(address_problem("a\x7F@example.nl"), "contains a control character");
}

TEST(AddressProblem, DomainParts) {
  EXPECT_EQ(address_problem("a@example..nl"),
            "domain \"example..nl\" has an empty or over-long part");
  EXPECT_EQ(address_problem("a@.example.nl"),
            "domain \".example.nl\" has an empty or over-long part");
  EXPECT_EQ(address_problem("a@example.nl."),
            "domain \"example.nl.\" has an empty or over-long part");
  EXPECT_EQ(address_problem("a@-example.nl"),
            "domain \"-example.nl\" has a part starting or ending with '-'");
  EXPECT_EQ(address_problem("a@example-.nl"),
            "domain \"example-.nl\" has a part starting or ending with '-'");
  EXPECT_EQ(address_problem("a@exa_mple.nl"), "domain \"exa_mple.nl\" has character '_'");
  EXPECT_EQ(address_problem("a@[127.0.0.1]"), "domain \"[127.0.0.1]\" has character '['");
  EXPECT_EQ(address_problem("a@example.nl>"), "domain \"example.nl>\" has character '>'");
}

TEST(AddressProblem, Lengths) {
  const std::string label63(63, 'd');
  const std::string label64(64, 'd');
  EXPECT_EQ(address_problem("a@" + label63 + ".nl"), "");
  EXPECT_EQ(address_problem("a@" + label64 + ".nl"),
            "domain \"" + label64 + ".nl\" has an empty or over-long part");

  const std::string local64(64, 'l');
  const std::string local65(65, 'l');
  EXPECT_EQ(address_problem(local64 + "@example.nl"), "");
  EXPECT_EQ(address_problem(local65 + "@example.nl"),
            "the part before '@' is longer than 64 characters");

  // 254 characters in all is the most: 64 + 1 + 189.
  const std::string domain189 =
    std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(58, 'c') + ".nl";
  ASSERT_EQ(domain189.size(), 189U);
  EXPECT_EQ(address_problem(local64 + "@" + domain189), "");
  EXPECT_EQ(address_problem(local64 + "@x" + domain189), "longer than 254 characters");
}

TEST(AddressProblem, InternationalisedDomainsAreAccepted) {
  // More in tests/job/test_input_limits.cpp: they are sent in their ASCII (A-label) form.
  EXPECT_EQ(address_problem("a@b\xC3\xBC"
                            "cher.de"),
            "");
}

} // namespace
} // namespace mailroom::job
