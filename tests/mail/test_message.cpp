#include "mail_samples.hpp"

#include <engine/mail/message.hpp>
#include <engine/mail/templates.hpp>

#include <gtest/gtest.h>
#include <tests/support/mime_reader.hpp>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace mailroom::mail {
namespace {

namespace samples = testing::mail_samples;
using testing::parse_message;
using testing::ParsedMessage;

// Every byte value, with the sequences that matter to SMTP and MIME ("\r\n.\r\n", NUL, "=_").
std::string binary_pdf(size_t size) {
  std::string bytes = "%PDF-1.7\r\n.\r\n--=_boundary\n\0\r\n";
  bytes.reserve(size);
  for (size_t index = 0; bytes.size() < size; ++index) {
    bytes += static_cast<char>((index * 7919 + index / 256) % 256);
  }
  return bytes;
}

struct Fixture {
  job::Mailbox mailbox = samples::mailbox();
  std::string pdf = binary_pdf(5000);
  MessageInput input;

  Fixture() {
    input.mailbox = &mailbox;
    input.to = {"klant@debtor.example", "boekhouding@debtor.example"};
    input.to_name = "Jansen & Zn.";
    input.texts.subject = "Factuur 2026-000123 van Acme B.V.";
    input.texts.text_body = "Geachte heer Jansen,\n\nIn de bijlage: € 1.237,86.\n";
    input.attachments = {Attachment{"2026-000123.pdf", pdf}};
    input.message_id = make_message_id("job-1", "2026-000123", 1, mailbox.from_address);
    input.date = samples::monday_evening();
  }
};

BuiltMessage build_or_fail(const MessageInput& input) {
  auto built = build_message(input);
  EXPECT_TRUE(built.has_value()) << built.error().to_string();
  return std::move(built).value();
}

bool has_header(const ParsedMessage& parsed, std::string name) {
  const auto lower = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), ::tolower);
    return text;
  };
  return std::any_of(parsed.header_names.begin(), parsed.header_names.end(),
                     [&](const std::string& header) { return lower(header) == lower(name); });
}

bool is_ascii(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char character) { return static_cast<unsigned char>(character) < 0x80; });
}

// RFC 5322: CRLF line ends only, no line longer than 998 characters.
void expect_wire_format(const std::string& bytes) {
  ASSERT_GE(bytes.size(), 2u);
  EXPECT_EQ(bytes.substr(bytes.size() - 2), "\r\n");
  size_t line_start = 0;
  size_t longest = 0;
  for (size_t index = 0; index < bytes.size(); ++index) {
    if (bytes[index] == '\r') {
      ASSERT_TRUE(index + 1 < bytes.size() && bytes[index + 1] == '\n') << "lone CR at " << index;
      longest = std::max(longest, index - line_start);
      line_start = index + 2;
      ++index;
    } else {
      ASSERT_NE(bytes[index], '\n') << "lone LF at " << index;
    }
  }
  EXPECT_LE(longest, 998u);
}

TEST(BuildMessage, HeadersComeBackAsGiven) {
  Fixture fixture;
  const auto built = build_or_fail(fixture.input);
  const auto parsed = parse_message(built.bytes);
  EXPECT_EQ(parsed.from, "facturen@acme.example");
  EXPECT_EQ(parsed.from_name, "Acme B.V.");
  EXPECT_EQ(parsed.to,
            (std::vector<std::string>{"klant@debtor.example", "boekhouding@debtor.example"}));
  EXPECT_EQ(parsed.reply_to, "debiteuren@acme.example");
  EXPECT_EQ(parsed.subject, "Factuur 2026-000123 van Acme B.V.");
  EXPECT_EQ(parsed.message_id, fixture.input.message_id);
  EXPECT_EQ(parsed.raw_header("Message-ID"), "<" + fixture.input.message_id + ">");
  EXPECT_EQ(parsed.date, "Mon, 23 Nov 2026 21:04:05 +0000");
  EXPECT_EQ(parsed.raw_header("MIME-Version"), "1.0");
  EXPECT_NE(parsed.raw_header("Content-Type").find("multipart/mixed"), std::string::npos);
  EXPECT_EQ(built.message_id, fixture.input.message_id);
}

TEST(BuildMessage, BccOnlyInTheEnvelope) {
  Fixture fixture;
  const auto built = build_or_fail(fixture.input);
  const auto parsed = parse_message(built.bytes);
  EXPECT_FALSE(has_header(parsed, "Bcc"));
  EXPECT_EQ(built.bytes.find("archief@acme.example"), std::string::npos);
  EXPECT_EQ(built.envelope_sender, "facturen@acme.example");
  EXPECT_EQ(built.envelope_recipients,
            (std::vector<std::string>{"klant@debtor.example", "boekhouding@debtor.example",
                                      "archief@acme.example"}));
}

TEST(BuildMessage, EnvelopeRecipientsAreNotRepeated) {
  Fixture fixture;
  fixture.mailbox.bcc = {"KLANT@debtor.example", "archief@acme.example"};
  const auto built = build_or_fail(fixture.input);
  EXPECT_EQ(built.envelope_recipients,
            (std::vector<std::string>{"klant@debtor.example", "boekhouding@debtor.example",
                                      "archief@acme.example"}));
}

TEST(BuildMessage, NoReplyToWhenTheMailboxHasNone) {
  Fixture fixture;
  fixture.mailbox.reply_to.clear();
  fixture.mailbox.from_name.clear();
  const auto parsed = parse_message(build_or_fail(fixture.input).bytes);
  EXPECT_FALSE(has_header(parsed, "Reply-To"));
  EXPECT_EQ(parsed.from, "facturen@acme.example");
  EXPECT_EQ(parsed.raw_header("From"), "facturen@acme.example");
}

TEST(BuildMessage, NonAsciiSubjectAndNamesAreEncodedAndDecodeBack) {
  Fixture fixture;
  fixture.input.texts.subject = "Factuur 2026-000123 – café Ærø";
  fixture.input.to_name = "Café Ærø B.V.";
  fixture.mailbox.from_name = "Ácme B.V.";
  const auto built = build_or_fail(fixture.input);
  const auto parsed = parse_message(built.bytes);
  EXPECT_EQ(parsed.subject, "Factuur 2026-000123 – café Ærø");
  EXPECT_EQ(parsed.from_name, "Ácme B.V.");
  const auto raw_subject = parsed.raw_header("Subject");
  EXPECT_TRUE(is_ascii(raw_subject)) << raw_subject;
  EXPECT_NE(raw_subject.find("=?"), std::string::npos) << raw_subject;
  EXPECT_TRUE(is_ascii(parsed.header_section));
}

TEST(BuildMessage, SubjectWithLineBreaksCannotAddAHeader) {
  Fixture fixture;
  fixture.input.texts.subject = "Factuur 1\r\nBcc: victim@example.org\r\n\r\nInjected";
  const auto built = build_or_fail(fixture.input);
  const auto parsed = parse_message(built.bytes);
  EXPECT_FALSE(has_header(parsed, "Bcc"));
  EXPECT_EQ(parsed.subject, "Factuur 1 Bcc: victim@example.org Injected");
  EXPECT_EQ(parsed.raw_header("Subject").find('\n'), std::string::npos);
  EXPECT_EQ(std::count(parsed.header_names.begin(), parsed.header_names.end(), "Subject"), 1);
}

TEST(BuildMessage, RenderedSubjectInjectionCannotAddAHeader) {
  testing::TemporaryFolder folder;
  testing::write_text(folder / "subject.mustache", "Factuur %n voor {{debtor.name}}");
  testing::write_text(folder / "body.txt.mustache", "Body\n");
  auto set = TemplateSet::load(folder.path());
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  auto invoice = samples::invoice();
  invoice.debtor.name = "X\nBcc: victim@example.org";
  auto texts = set->render(invoice, samples::acme(), job::Language::Dutch);
  ASSERT_TRUE(texts.has_value()) << texts.error().to_string();

  Fixture fixture;
  fixture.input.texts = *texts;
  fixture.input.to_name = invoice.debtor.name;
  const auto built = build_or_fail(fixture.input);
  const auto parsed = parse_message(built.bytes);
  EXPECT_FALSE(has_header(parsed, "Bcc"));
  EXPECT_EQ(parsed.subject, "Factuur 2026-000123 voor X Bcc: victim@example.org");
  EXPECT_EQ(built.bytes.find("\nBcc:"), std::string::npos);
  expect_wire_format(built.bytes);
}

TEST(BuildMessage, AttachmentBytesComeBackIdentical) {
  Fixture fixture;
  const auto parsed = parse_message(build_or_fail(fixture.input).bytes);
  ASSERT_EQ(parsed.attachments.size(), 1u);
  const auto& attachment = parsed.attachments.front();
  EXPECT_EQ(attachment.filename, "2026-000123.pdf");
  EXPECT_EQ(attachment.content_type, "application/pdf");
  ASSERT_EQ(attachment.bytes.size(), fixture.pdf.size());
  EXPECT_TRUE(attachment.bytes == fixture.pdf);
}

TEST(BuildMessage, LargeAttachmentComesBackIdentical) {
  Fixture fixture;
  fixture.pdf = binary_pdf(600 * 1000 + 1);
  fixture.input.attachments.front().bytes = fixture.pdf;
  const auto built = build_or_fail(fixture.input);
  expect_wire_format(built.bytes);
  const auto parsed = parse_message(built.bytes);
  ASSERT_EQ(parsed.attachments.size(), 1u);
  EXPECT_TRUE(parsed.attachments.front().bytes == fixture.pdf);
  EXPECT_NE(parsed.raw_header("Content-Type"), "");
}

TEST(BuildMessage, SeveralAttachmentsComeBackIdenticalInOrder) {
  // A reminder's mail: the reminder letter first, then the original invoice.
  Fixture fixture;
  const std::string letter = binary_pdf(70 * 1000 + 2);
  fixture.input.attachments = {Attachment{"2026-000123-herinnering-1.pdf", letter},
                               Attachment{"2026-000123.pdf", fixture.pdf}};
  fixture.input.texts.html_body = "<p>Herinnering</p>\n";
  const auto built = build_or_fail(fixture.input);
  expect_wire_format(built.bytes);
  const auto parsed = parse_message(built.bytes);
  ASSERT_EQ(parsed.attachments.size(), 2u);
  EXPECT_EQ(parsed.attachments[0].filename, "2026-000123-herinnering-1.pdf");
  EXPECT_EQ(parsed.attachments[0].content_type, "application/pdf");
  ASSERT_EQ(parsed.attachments[0].bytes.size(), letter.size());
  EXPECT_TRUE(parsed.attachments[0].bytes == letter);
  EXPECT_EQ(parsed.attachments[1].filename, "2026-000123.pdf");
  EXPECT_EQ(parsed.attachments[1].content_type, "application/pdf");
  ASSERT_EQ(parsed.attachments[1].bytes.size(), fixture.pdf.size());
  EXPECT_TRUE(parsed.attachments[1].bytes == fixture.pdf);
  // The texts are not disturbed by the second attachment.
  EXPECT_EQ(parsed.text_body, fixture.input.texts.text_body);
  ASSERT_TRUE(parsed.html_body.has_value());
  EXPECT_EQ(*parsed.html_body, *fixture.input.texts.html_body);
}

TEST(BuildMessage, NonAsciiAttachmentNameComesBack) {
  Fixture fixture;
  fixture.input.attachments.front().name = "factuur-Ærø.pdf";
  const auto built = build_or_fail(fixture.input);
  const auto parsed = parse_message(built.bytes);
  ASSERT_EQ(parsed.attachments.size(), 1u);
  EXPECT_EQ(parsed.attachments.front().filename, "factuur-Ærø.pdf");
  EXPECT_TRUE(is_ascii(built.bytes.substr(0, built.bytes.find("\r\n\r\n"))));
}

TEST(BuildMessage, TextOnlyWithoutHtml) {
  Fixture fixture;
  const auto built = build_or_fail(fixture.input);
  const auto parsed = parse_message(built.bytes);
  EXPECT_EQ(parsed.text_body, fixture.input.texts.text_body);
  EXPECT_FALSE(parsed.html_body.has_value());
  EXPECT_EQ(built.bytes.find("multipart/alternative"), std::string::npos);
  EXPECT_NE(built.bytes.find("text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(built.bytes.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
}

TEST(BuildMessage, HtmlBodyMakesAnAlternative) {
  Fixture fixture;
  fixture.input.texts.html_body = "<p>Geachte heer Jansen,</p>\n<p>€ 1.237,86</p>\n";
  const auto built = build_or_fail(fixture.input);
  const auto parsed = parse_message(built.bytes);
  EXPECT_EQ(parsed.text_body, fixture.input.texts.text_body);
  ASSERT_TRUE(parsed.html_body.has_value());
  EXPECT_EQ(*parsed.html_body, *fixture.input.texts.html_body);
  EXPECT_NE(built.bytes.find("multipart/alternative"), std::string::npos);
  EXPECT_NE(parsed.raw_header("Content-Type").find("multipart/mixed"), std::string::npos);
  ASSERT_EQ(parsed.attachments.size(), 1u);
  EXPECT_TRUE(parsed.attachments.front().bytes == fixture.pdf);
  expect_wire_format(built.bytes);
}

TEST(BuildMessage, ShippedTemplatesMakeAWellFormedMessage) {
  auto set = TemplateSet::load(testing::source_dir() / "templates" / "emails" / "acme");
  ASSERT_TRUE(set.has_value()) << set.error().to_string();
  const auto invoice = samples::invoice();
  auto texts = set->render(invoice, samples::acme(), job::Language::Dutch);
  ASSERT_TRUE(texts.has_value()) << texts.error().to_string();
  Fixture fixture;
  fixture.input.texts = *texts;
  const auto built = build_or_fail(fixture.input);
  expect_wire_format(built.bytes);
  const auto parsed = parse_message(built.bytes);
  EXPECT_EQ(parsed.subject, "Factuur 2026-000123 van Acme B.V.");
  EXPECT_EQ(parsed.text_body, texts->text_body);
  ASSERT_TRUE(parsed.html_body.has_value());
  EXPECT_EQ(*parsed.html_body, *texts->html_body);
}

TEST(BuildMessage, LinesAreCrlfAndShortEvenForLongTextLines) {
  Fixture fixture;
  std::string long_line;
  for (int word = 0; word < 400; ++word) {
    long_line += "woord" + std::to_string(word) + (word % 2 ? " " : "\t");
  }
  long_line += std::string(1500, 'x');
  fixture.input.texts.text_body = ".leading dot\r\nmixed\rline ends\n" + long_line + "\nend =3D\n";
  const auto built = build_or_fail(fixture.input);
  expect_wire_format(built.bytes);
  const auto parsed = parse_message(built.bytes);
  EXPECT_EQ(parsed.text_body, ".leading dot\nmixed\nline ends\n" + long_line + "\nend =3D\n");
}

TEST(BuildMessage, LinesAroundTheQuotedPrintableLimitComeBackExactly) {
  // Every length around the 76-character limit, in ASCII and in two-byte characters, with and
  // without a trailing space: where soft line breaks fall next to line ends.
  std::string body;
  for (size_t length = 60; length < 90; ++length) {
    body += std::string(length, 'a') + "\n";
    body += std::string(length, 'b') + " \n";
    for (size_t index = 0; index < length / 2; ++index) {
      body += "é";
    }
    body += "\n";
  }
  Fixture fixture;
  fixture.input.texts.text_body = body;
  const auto built = build_or_fail(fixture.input);
  expect_wire_format(built.bytes);
  EXPECT_EQ(parse_message(built.bytes).text_body, body);
}

TEST(BuildMessage, LongNonAsciiSubjectIsFoldedAndDecodesBack) {
  Fixture fixture;
  std::string subject = "Factuur 2026-000123 –";
  for (int word = 0; word < 12; ++word) {
    subject += " café Ærø " + std::to_string(word) + (word % 3 == 0 ? " 🧾€" : "");
  }
  fixture.input.texts.subject = subject;
  const auto built = build_or_fail(fixture.input);
  expect_wire_format(built.bytes);
  const auto parsed = parse_message(built.bytes);
  EXPECT_EQ(parsed.subject, subject);
  EXPECT_TRUE(is_ascii(parsed.header_section));
  // Folded: no header line is longer than the 76 characters RFC 2047 allows with encoded words.
  size_t start = 0;
  while (start < parsed.header_section.size()) {
    const size_t end = parsed.header_section.find("\r\n", start);
    EXPECT_LE(end - start, 76u) << parsed.header_section.substr(start, end - start);
    start = end + 2;
  }
}

TEST(BuildMessage, SameInputGivesTheSameBytesOnEveryThread) {
  // Boundaries come from the Message-ID, not from a random source, so a message can be rebuilt
  // byte for byte; and building on several threads at once must not disturb that.
  Fixture fixture;
  fixture.input.texts.html_body = "<p>HTML</p>";
  const std::string expected = build_or_fail(fixture.input).bytes;
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (size_t index = 0; index < results.size(); ++index) {
    threads.emplace_back([&, index] {
      for (int round = 0; round < 25; ++round) {
        auto built = build_message(fixture.input);
        if (!built || built->bytes != expected) {
          results[index] = built ? "different bytes" : built.error().to_string();
          return;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (const auto& result : results) {
    EXPECT_EQ(result, "");
  }
  Fixture other;
  other.input.message_id = make_message_id("job-1", "2026-000123", 2, "facturen@acme.example");
  EXPECT_NE(build_or_fail(other.input).bytes, expected);
}

TEST(BuildMessage, RefusesWhatCannotBeSent) {
  {
    Fixture fixture;
    fixture.input.to.clear();
    EXPECT_FALSE(build_message(fixture.input).has_value());
  }
  {
    Fixture fixture;
    fixture.input.mailbox = nullptr;
    EXPECT_FALSE(build_message(fixture.input).has_value());
  }
  {
    Fixture fixture;
    fixture.input.to = {"klant@debtor.example\r\nBcc: victim@example.org"};
    const auto built = build_message(fixture.input);
    ASSERT_FALSE(built.has_value());
    EXPECT_NE(built.error().message.find("To"), std::string::npos);
  }
  {
    Fixture fixture;
    fixture.input.message_id = "no angle>brackets@x";
    EXPECT_FALSE(build_message(fixture.input).has_value());
  }
  {
    Fixture fixture;
    fixture.input.attachments.front().name = "a\r\nb.pdf";
    EXPECT_FALSE(build_message(fixture.input).has_value());
  }
  {
    Fixture fixture;
    fixture.input.attachments.push_back(Attachment{"b\nBcc: victim@example.org", fixture.pdf});
    const auto built = build_message(fixture.input);
    ASSERT_FALSE(built.has_value());
    EXPECT_NE(built.error().message.find("attachment name"), std::string::npos);
  }
  {
    Fixture fixture;
    fixture.input.attachments.clear();
    const auto built = build_message(fixture.input);
    ASSERT_FALSE(built.has_value());
    EXPECT_NE(built.error().message.find("no attachment"), std::string::npos);
  }
}

TEST(MakeMessageId, StableAndDistinct) {
  const auto first = make_message_id("job-1", "2026-000123", 1, "facturen@Acme.Example");
  EXPECT_EQ(first, make_message_id("job-1", "2026-000123", 1, "facturen@Acme.Example"));
  EXPECT_TRUE(std::regex_match(first, std::regex("[0-9a-f]{20}\\.1\\.mailroom@acme\\.example")))
    << first;
  const std::vector<std::string> others = {
    make_message_id("job-1", "2026-000123", 2, "facturen@acme.example"),
    make_message_id("job-1", "2026-000124", 1, "facturen@acme.example"),
    make_message_id("job-2", "2026-000123", 1, "facturen@acme.example"),
    // The separator keeps "job-1" + "2026" apart from "job-12" + "026".
    make_message_id("job-12", "026-000123", 1, "facturen@acme.example"),
  };
  for (const auto& other : others) {
    EXPECT_NE(other, first);
  }
  EXPECT_EQ(first.substr(0, 20), others[0].substr(0, 20));
  EXPECT_NE(others[1].substr(0, 20), first.substr(0, 20));
}

TEST(MakeMessageId, SenderWithoutDomainStillGivesAValidId) {
  const auto id = make_message_id("job", "1", 1, "nobody");
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{20}\\.1\\.mailroom@mailroom\\.invalid")))
    << id;
}

} // namespace
} // namespace mailroom::mail
