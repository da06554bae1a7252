#include <gtest/gtest.h>
#include <tests/support/mime_reader.hpp>

#include <string>

namespace mailroom::testing {
namespace {

// Written by hand, as another mail program might: LF line ends, a folded encoded subject, a
// lower-case header name and a base64 attachment named only in Content-Type.
const std::string k_message = "From: \"Acme B.V.\" <facturen@acme.example>\n"
                              "to: klant@debtor.example,\n"
                              " Boekhouding <boekhouding@debtor.example>\n"
                              "Subject: =?utf-8?Q?Factuur_2026-000123_=E2=80=93?=\n"
                              " =?utf-8?Q?_caf=C3=A9?=\n"
                              "Message-ID: <abc.1.mailroom@acme.example>\n"
                              "Date: Mon, 23 Nov 2026 21:04:05 +0000\n"
                              "MIME-Version: 1.0\n"
                              "Content-Type: multipart/mixed; boundary=\"b\"\n"
                              "\n"
                              "--b\n"
                              "Content-Type: text/plain; charset=iso-8859-1\n"
                              "Content-Transfer-Encoding: quoted-printable\n"
                              "\n"
                              "Caf=E9 line=\n"
                              " joined\n"
                              "--b\n"
                              "Content-Type: application/pdf; name=\"x.pdf\"\n"
                              "Content-Transfer-Encoding: base64\n"
                              "\n"
                              "JVBERi0xLjcK/w==\n"
                              "--b--\n";

TEST(MimeReader, ReadsAMessageWrittenElsewhere) {
  const auto parsed = parse_message(k_message);
  EXPECT_EQ(parsed.from, "facturen@acme.example");
  EXPECT_EQ(parsed.from_name, "Acme B.V.");
  EXPECT_EQ(parsed.to,
            (std::vector<std::string>{"klant@debtor.example", "boekhouding@debtor.example"}));
  EXPECT_EQ(parsed.subject, "Factuur 2026-000123 – café");
  EXPECT_EQ(parsed.message_id, "abc.1.mailroom@acme.example");
  EXPECT_EQ(parsed.date, "Mon, 23 Nov 2026 21:04:05 +0000");
  EXPECT_EQ(parsed.reply_to, "");
  EXPECT_EQ(parsed.raw_header("TO"),
            "klant@debtor.example, Boekhouding <boekhouding@debtor.example>");
  EXPECT_EQ(parsed.raw_header("Subject"),
            "=?utf-8?Q?Factuur_2026-000123_=E2=80=93?= =?utf-8?Q?_caf=C3=A9?=");
  EXPECT_EQ(parsed.raw_header("Bcc"), "");
  EXPECT_EQ(parsed.header_names.size(), 7u);
  // The line end before a boundary belongs to the boundary (RFC 2046).
  EXPECT_EQ(parsed.text_body, "Café line joined");
  EXPECT_FALSE(parsed.html_body.has_value());
  ASSERT_EQ(parsed.attachments.size(), 1u);
  EXPECT_EQ(parsed.attachments[0].filename, "x.pdf");
  EXPECT_EQ(parsed.attachments[0].content_type, "application/pdf");
  EXPECT_EQ(parsed.attachments[0].bytes, std::string("%PDF-1.7\n\xff"));
}

TEST(MimeReader, RefusesTextWithoutAHeader) {
  EXPECT_THROW(parse_message("no header at all"), std::runtime_error);
}

} // namespace
} // namespace mailroom::testing
