// Header injection: CR, LF and other control characters in names, subjects, addresses or template
// output must never add a header field or a recipient. Checked on messages built by
// mail::build_message and on what a real SMTP server receives from the mailroom binary, with the
// header section read back both by vmime and line by line here.

#include "mail_samples.hpp"

#include <engine/job/addresses.hpp>
#include <engine/mail/message.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/mime_reader.hpp>
#include <tests/support/process.hpp>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace mailroom::mail {
namespace {

namespace samples = testing::mail_samples;
using namespace std::chrono_literals;

// The names of the top-level header fields, read from the raw bytes without a MIME library: every
// line up to the first empty one that does not start with white space starts a field.
std::vector<std::string> raw_header_names(const std::string& bytes) {
  std::vector<std::string> names;
  size_t start = 0;
  while (start < bytes.size()) {
    const size_t end = bytes.find("\r\n", start);
    const std::string line = bytes.substr(start, end == std::string::npos ? end : end - start);
    if (line.empty()) {
      break;
    }
    if (line[0] != ' ' && line[0] != '\t') {
      names.push_back(line.substr(0, line.find(':')));
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 2;
  }
  return names;
}

const std::vector<std::string> k_header_names{
  "Date", "From", "Reply-To", "To", "Subject", "Message-Id", "Mime-Version", "Content-Type"};

MessageInput input_for(const job::Mailbox& mailbox, std::string_view pdf) {
  MessageInput input;
  input.mailbox = &mailbox;
  input.to = {"klant@debtor.example"};
  input.to_name = "Jansen";
  input.texts.subject = "Factuur 2026-000123";
  input.texts.text_body = "Body\n";
  input.attachments = {Attachment{"2026-000123.pdf", pdf}};
  input.message_id = make_message_id("job", "2026-000123", 1, mailbox.from_address);
  input.date = samples::monday_evening();
  return input;
}

TEST(HeaderInjection, PlainMessageHasExactlyTheExpectedHeaders) {
  const auto mailbox = samples::mailbox();
  auto built = build_message(input_for(mailbox, "%PDF"));
  ASSERT_TRUE(built.has_value()) << built.error().to_string();
  EXPECT_EQ(raw_header_names(built->bytes), k_header_names);
  EXPECT_EQ(testing::parse_message(built->bytes).header_names, k_header_names);
}

TEST(HeaderInjection, LineBreaksInEveryNameAndTheSubjectAddNoHeaderOrRecipient) {
  const std::vector<std::string> breaks{"\r\n",     "\n",           "\r",   "\r\n\r\n",
                                        "\x0B",     "\x0C",         "\x1B", "\t\r\n ",
                                        "\xC2\x85", "\xE2\x80\xA8", "\x7F"};
  for (const auto& line_break : breaks) {
    auto mailbox = samples::mailbox();
    mailbox.from_name = "Acme" + line_break + "Bcc: evil1@attacker.example";
    mailbox.reply_to =
      "\"Debiteuren" + line_break + "Cc: evil2@attacker.example\" <debiteuren@acme.example>";
    auto input = input_for(mailbox, "%PDF");
    input.to_name = "Jansen" + line_break + "To: evil3@attacker.example" + line_break;
    input.texts.subject =
      "Factuur" + line_break + "X-Injected: yes" + line_break + line_break + "body";
    input.texts.text_body = "Text" + line_break + "Bcc: evil4@attacker.example\n";
    input.texts.html_body = "<p>" + line_break + "Bcc: evil5@attacker.example</p>";
    auto built = build_message(input);
    ASSERT_TRUE(built.has_value()) << built.error().to_string();
    const auto parsed = testing::parse_message(built->bytes);
    auto expected = k_header_names;
    EXPECT_EQ(raw_header_names(built->bytes), expected)
      << testing::parse_message(built->bytes).header_section;
    EXPECT_EQ(parsed.header_names, expected);
    EXPECT_EQ(parsed.to, std::vector<std::string>{"klant@debtor.example"});
    EXPECT_EQ(parsed.from, "facturen@acme.example");
    EXPECT_EQ(parsed.reply_to, "debiteuren@acme.example");
    EXPECT_EQ(built->envelope_recipients,
              (std::vector<std::string>{"klant@debtor.example", "archief@acme.example"}));
    EXPECT_EQ(parsed.header_section.find("attacker.example"), std::string::npos)
      << "an injected address appears in the headers unencoded:\n"
      << parsed.header_section;
  }
}

TEST(HeaderInjection, AddressesWithLineBreaksOrDelimitersAreRefusedNotSent) {
  const auto mailbox = samples::mailbox();
  for (const std::string& address : std::vector<std::string>{
         "klant@debtor.example\r\nRCPT TO:<evil@attacker.example>",
         "klant@debtor.example\nBcc: x@y.z", "klant@debtor.example>, <evil@attacker.example",
         "a@b.example,evil@attacker.example", "klant@debtor.example\r\n.\r\nMAIL FROM:<x@y.z>",
         std::string("klant@debtor.example\0x", 22)}) {
    auto input = input_for(mailbox, "%PDF");
    input.to = {address};
    EXPECT_FALSE(build_message(input).has_value()) << address;
    // And the job's own check calls it invalid, with a reason.
    const auto list = job::split_addresses(address);
    EXPECT_TRUE(list.valid.empty()) << address;
    EXPECT_FALSE(list.rejected.empty()) << address;
  }
}

TEST(Addresses, InternationalisedDomainsAreSentAsALabels) {
  const auto list = job::split_addresses(
    "jan@b\xC3\xBC"
    "cher.example; JAN@B\xC3\x9C"
    "CHER.EXAMPLE; info@xn--bcher-kva.example; k@\xE6\x97\xA5\xE6\x9C\xAC.example");
  // Upper case is mapped (UTS #46) and the A-label written directly is the same mailbox.
  EXPECT_EQ(list.valid,
            (std::vector<std::string>{"jan@xn--bcher-kva.example", "info@xn--bcher-kva.example",
                                      "k@xn--wgv71a.example"}));
  EXPECT_TRUE(list.rejected.empty()) << list.rejected.at(0).reason;
  EXPECT_EQ(job::address_problem("jan@b\xC3\xBC"
                                 "cher.example"),
            "");
}

TEST(Addresses, BadInternationalisedAddressesHaveAReason) {
  struct Case {
    std::string address;
    std::string reason_part;
  };
  for (const auto& [address, reason_part] : std::vector<Case>{
         {"j\xC3\xB6rg@example.com", "non-ASCII characters, which need SMTPUTF8"},
         {"a@\xE2\x98\x83\xE2\x98\x83\xE2\x98\x83.example", "not a valid internationalised domain"},
         {"a@b\xC3\xBC_cher.example", "has character '_'"},
         {"a@b\xC3\xBC"
          "cher.example\xC3",
          "not valid UTF-8"},
         {"a@-b\xC3\xBC"
          "cher.example",
          "domain"},
       }) {
    const auto list = job::split_addresses(address);
    EXPECT_TRUE(list.valid.empty()) << address;
    ASSERT_EQ(list.rejected.size(), 1U) << address;
    EXPECT_EQ(list.rejected[0].address, address);
    EXPECT_NE(list.rejected[0].reason.find(reason_part), std::string::npos)
      << address << ": " << list.rejected[0].reason;
  }
}

// Through the binary and a real SMTP server: hostile data in the creditors file, the invoices and
// a template that puts free text into the subject. The server must receive exactly the expected
// recipients and header fields.
TEST(HeaderInjectionEndToEnd, TheServerReceivesOnlyTheExpectedRecipientsAndHeaders) {
  testing::TemporaryFolder server_folder;
  testing::SmtpServer server(server_folder.path());
  testing::JobFixture job(server.url());
  const auto invoice = [](const std::string& number, const std::string& emails,
                          const std::string& name) {
    return testing::make_invoice(number, "acme", emails, name);
  };
  auto with_note = invoice("INJ-1", "klant@debtor.example",
                           "Jansen\xC2\x85"
                           "Bcc: evil1@attacker.example");
  with_note["note"] = "Hallo\nBcc: evil2@attacker.example\nX-Injected: yes";
  job.write({
    invoice("INJ-0", "klant@debtor.example", "Plain Debtor").dump(),
    with_note.dump(),
    invoice("INJ-2", "klant@debtor.example", "X\r\nBcc: evil3@attacker.example").dump(),
    invoice("INJ-3", "klant@debtor.example\r\nRCPT TO:<evil4@attacker.example>", "Y").dump(),
    invoice("INJ-4",
            "ok@debtor.example; b@x.example,evil5@attacker.example; c@x.example "
            "<evil6@attacker.example>; d@x.example> <evil7@attacker.example",
            "Z")
      .dump(),
    invoice("INJ-5",
            "jan@b\xC3\xBC"
            "cher.example",
            "IDN")
      .dump(),
  });
  // The acme templates with the note and the (hostile) creditor name in the subject.
  const auto templates = job.root() / "templates";
  testing::write_text(templates / "subject.mustache",
                      "Factuur %n {{creditor.name}} {{invoice.note}} {{debtor.name}}");
  testing::write_text(templates / "body.txt.mustache", "{{invoice.note}}\n");
  auto creditors = testing::read_text(job.root() / "creditors.toml");
  const auto acme_templates = (testing::source_dir() / "templates/emails/acme").string();
  creditors.replace(creditors.find(acme_templates), acme_templates.size(), templates.string());
  creditors.replace(creditors.find("name = \"Acme B.V.\""), 18,
                    R"(name = "Acme\r\nBcc: evil8@attacker.example\r\nX-Injected: yes")");
  // An internationalised domain in the From address: the envelope and the header carry its
  // A-label form, as for the recipients.
  const std::string from = "<facturen@acme.example>";
  creditors.replace(creditors.find(from), from.size(),
                    "<facturen@b\xC3\xBC"
                    "cher.example>");
  testing::write_text(job.root() / "creditors.toml", creditors);

  const auto result = testing::run_mailroom({"run", job.job_file().string(), "--progress", "none"});
  ASSERT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  // INJ-2 and INJ-3 hold control characters where none belong: refused with their field.
  EXPECT_NE(result.err.find("debtor.name: contains a control character"), std::string::npos)
    << result.err;
  EXPECT_NE(result.err.find("debtor.emails: contains a control character"), std::string::npos)
    << result.err;

  const auto messages = server.wait_for_messages(4, 10s);
  ASSERT_EQ(messages.size(), 4U) << result.err;
  std::map<std::string, std::vector<std::string>> recipients;
  for (const auto& message : messages) {
    const auto parsed = testing::parse_message(message.data);
    const auto header_names = raw_header_names(message.data);
    EXPECT_EQ(header_names, k_header_names) << parsed.header_section;
    EXPECT_EQ(parsed.header_names, k_header_names);
    // The hostile text is there, but as the text of one field (folded), never as a field.
    EXPECT_EQ(parsed.subject.find_first_of("\r\n"), std::string::npos) << parsed.subject;
    EXPECT_EQ(parsed.raw_header("Bcc"), "");
    EXPECT_EQ(parsed.raw_header("X-Injected"), "");
    EXPECT_EQ(message.mail_from, "facturen@xn--bcher-kva.example");
    EXPECT_NE(parsed.raw_header("From").find("<facturen@xn--bcher-kva.example>"), std::string::npos)
      << parsed.raw_header("From");
    const auto number = parsed.attachments.at(0).filename;
    recipients[number] = message.rcpt_tos;
    EXPECT_EQ(parsed.to, message.rcpt_tos) << number;
  }
  EXPECT_EQ(recipients, (std::map<std::string, std::vector<std::string>>{
                          {"INJ-0.pdf", {"klant@debtor.example"}},
                          {"INJ-1.pdf", {"klant@debtor.example"}},
                          {"INJ-4.pdf", {"ok@debtor.example"}},
                          {"INJ-5.pdf", {"jan@xn--bcher-kva.example"}},
                        }));
}

} // namespace
} // namespace mailroom::mail
