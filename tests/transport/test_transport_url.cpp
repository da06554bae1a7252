#include <engine/transport/transport_url.hpp>

#include <gtest/gtest.h>

namespace mailroom::transport {
namespace {

TEST(TransportUrl, ParsesSmtpWithPort) {
  const auto url = parse_transport_url("smtp://mail.example.com:587");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->scheme, UrlScheme::Smtp);
  EXPECT_EQ(url->host, "mail.example.com");
  EXPECT_EQ(url->port, 587);
  EXPECT_EQ(host_and_port(*url), "mail.example.com:587");
}

TEST(TransportUrl, DefaultPorts) {
  EXPECT_EQ(parse_transport_url("smtp://mail.example.com")->port, 25);
  EXPECT_EQ(parse_transport_url("smtps://mail.example.com/")->port, 465);
  EXPECT_EQ(parse_transport_url("smtps://mail.example.com")->scheme, UrlScheme::Smtps);
}

TEST(TransportUrl, ParsesBracketedIpv6) {
  const auto url = parse_transport_url("smtp://[::1]:2525");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 2525);
  EXPECT_EQ(host_and_port(*url), "[::1]:2525");
}

TEST(TransportUrl, ParsesMaildir) {
  const auto url = parse_transport_url("maildir:/var/mail/outbox/");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->scheme, UrlScheme::Maildir);
  EXPECT_EQ(url->folder, std::filesystem::path("/var/mail/outbox/"));
  EXPECT_EQ(parse_transport_url("maildir:///var/mail")->folder, std::filesystem::path("/var/mail"));
}

TEST(TransportUrl, RefusesWhatItDoesNotUnderstand) {
  for (const char* text :
       {"", "mail.example.com:25", "http://example.com", "smtp://", "smtp://:25", "smtp://host:0",
        "smtp://host:65536", "smtp://host:port", "smtp://host:", "smtp://user:secret@host:25",
        "smtp://host:25/path", "smtp://::1:25", "smtp://[::1", "maildir:relative", "maildir:"}) {
    const auto url = parse_transport_url(text);
    EXPECT_FALSE(url) << text;
    if (!url) {
      EXPECT_NE(url.error().message.find("expected smtp://host:port"), std::string::npos) << text;
    }
  }
}

} // namespace
} // namespace mailroom::transport
