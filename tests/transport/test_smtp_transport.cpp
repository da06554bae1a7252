#include <engine/transport/transport.hpp>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>
#include <tests/transport/certificate_authority.hpp>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <thread>

namespace mailroom::transport {
namespace {

using testing::SmtpServer;
using testing::TemporaryFolder;

constexpr auto k_wait = std::chrono::seconds(10);

Settings settings_for(const std::string& url) {
  Settings settings;
  settings.name = "acme";
  settings.url = url;
  settings.starttls = StartTls::Off;
  settings.connections = 1;
  settings.connect_timeout = std::chrono::milliseconds(5'000);
  settings.command_timeout = std::chrono::milliseconds(10'000);
  return settings;
}

std::unique_ptr<Transport> open(const Settings& settings) {
  auto transport = open_transport(settings);
  if (!transport) {
    ADD_FAILURE() << transport.error().to_string();
    return nullptr;
  }
  return std::move(*transport);
}

Envelope envelope_to(std::vector<std::string> recipients) {
  return Envelope{"billing@acme.example", std::move(recipients)};
}

std::string invoice_message(int number) {
  return "From: billing@acme.example\r\nTo: customer@example.com\r\nSubject: Invoice " +
         std::to_string(number) + "\r\n\r\nPlease find invoice " + std::to_string(number) +
         " attached.\r\n";
}

// A port on 127.0.0.1 where nothing listens: bound, then released.
unsigned short closed_port() {
  const int descriptor = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ::getsockname(descriptor, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(descriptor);
  return ntohs(address.sin_port);
}

TEST(SmtpTransport, SendsSeveralMessagesOverOneConnection) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received");
  auto transport = open(settings_for(server.url()));
  ASSERT_TRUE(transport);
  ASSERT_TRUE(transport->check()) << transport->check().error().to_string();

  std::vector<std::string> replies;
  for (int number = 1; number <= 3; ++number) {
    const auto outcome = transport->send(envelope_to({"customer@example.com", "copy@example.com"}),
                                         invoice_message(number));
    ASSERT_TRUE(outcome.delivered()) << outcome.failure.message;
    EXPECT_TRUE(outcome.delivery->refused_recipients.empty());
    replies.push_back(outcome.delivery->server_reply);
  }
  transport->close();

  // The server's own final reply, captured through vmime's tracer.
  EXPECT_EQ(replies[0], "250 2.0.0 Ok: queued as 000001");
  EXPECT_EQ(replies[2], "250 2.0.0 Ok: queued as 000003");

  const auto received = server.wait_for_messages(3, k_wait);
  ASSERT_EQ(received.size(), 3u);
  for (int index = 0; index < 3; ++index) {
    EXPECT_EQ(received[index].data, invoice_message(index + 1));
    EXPECT_EQ(received[index].mail_from, "billing@acme.example");
    EXPECT_EQ(received[index].rcpt_tos,
              (std::vector<std::string>{"customer@example.com", "copy@example.com"}));
    EXPECT_EQ(received[index].connection, 1);
    EXPECT_FALSE(received[index].tls);
  }
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST(SmtpTransport, ConcurrentSendsShareTwoConnectionsAndArriveOnce) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received");
  auto settings = settings_for(server.url());
  settings.connections = 2;
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  constexpr int k_threads = 4;
  constexpr int k_per_thread = 6;
  std::vector<std::thread> threads;
  std::atomic<int> delivered{0};
  for (int thread = 0; thread < k_threads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int index = 0; index < k_per_thread; ++index) {
        const auto outcome = transport->send(envelope_to({"customer@example.com"}),
                                             invoice_message(thread * 100 + index));
        if (outcome.delivered() && outcome.delivery->server_reply.starts_with("250")) {
          ++delivered;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  transport->close();
  EXPECT_EQ(delivered, k_threads * k_per_thread);

  const auto received = server.wait_for_messages(k_threads * k_per_thread, k_wait);
  ASSERT_EQ(received.size(), static_cast<size_t>(k_threads * k_per_thread));
  std::multiset<std::string> bodies;
  std::set<int> connections;
  for (const auto& message : received) {
    bodies.insert(message.data);
    connections.insert(message.connection);
  }
  std::multiset<std::string> expected;
  for (int thread = 0; thread < k_threads; ++thread) {
    for (int index = 0; index < k_per_thread; ++index) {
      expected.insert(invoice_message(thread * 100 + index));
    }
  }
  EXPECT_EQ(bodies, expected);
  EXPECT_LE(server.connection_count(), 2u);
  EXPECT_LE(connections.size(), 2u);
}

TEST(SmtpTransport, SendsDotsAndLargeMessagesUnchanged) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received");
  auto transport = open(settings_for(server.url()));
  ASSERT_TRUE(transport);

  // Lines starting with dots need dot-stuffing; a '.' just before a 16 KB block boundary
  // followed by CRLF used to gain a second dot in vmime's filter.
  std::string message = ".starts with a dot\r\nSubject: dots\r\n\r\n.\r\n..\r\nmiddle.\r\n";
  // Lines of 80 characters (SMTP limits lines to 1000), then one that puts its final dot at
  // the last byte of the first block.
  while (message.size() + 160 < 16384) {
    message += std::string(78, 'x') + "\r\n";
  }
  message.append(16383 - message.size(), 'y');
  message += ".\r\n";
  for (int line = 0; line < 4000; ++line) {
    message += "Line " + std::to_string(line) + " of a long attachment, ending in a dot.\r\n";
  }
  message += ".\r\n";

  const auto outcome = transport->send(envelope_to({"customer@example.com"}), message);
  ASSERT_TRUE(outcome.delivered()) << outcome.failure.message;
  const auto received = server.wait_for_messages(1, k_wait);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].data.size(), message.size());
  EXPECT_TRUE(received[0].data == message);
}

TEST(SmtpTransport, PermanentRefusalOfTheMessageIsPermanent) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received", {"--data-reply", "554"});
  auto transport = open(settings_for(server.url()));
  ASSERT_TRUE(transport);

  const auto outcome = transport->send(envelope_to({"customer@example.com"}), invoice_message(1));
  ASSERT_FALSE(outcome.delivered());
  EXPECT_EQ(outcome.failure.kind, FailureKind::Permanent);
  const auto& text = outcome.failure.message;
  EXPECT_NE(text.find("mailbox 'acme'"), std::string::npos) << text;
  EXPECT_NE(text.find("127.0.0.1:" + std::to_string(server.port())), std::string::npos) << text;
  EXPECT_NE(text.find("554 5.7.1 Rejected as requested by the test"), std::string::npos) << text;
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpTransport, TemporaryRefusalIsTemporaryAndKeepsTheConnection) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received", {"--data-reply", "451"});
  auto transport = open(settings_for(server.url()));
  ASSERT_TRUE(transport);

  for (int attempt = 0; attempt < 2; ++attempt) {
    const auto outcome = transport->send(envelope_to({"customer@example.com"}), invoice_message(1));
    ASSERT_FALSE(outcome.delivered());
    EXPECT_EQ(outcome.failure.kind, FailureKind::Temporary);
    EXPECT_NE(outcome.failure.message.find("451 4.3.0"), std::string::npos)
      << outcome.failure.message;
  }
  // A refusal of the message leaves client and server in step: no reconnection.
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST(SmtpTransport, RefusedRecipientFailsTheMessageAndNamesTheAddress) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received", {"--reject-rcpt", "gone@example.com=550"});
  auto transport = open(settings_for(server.url()));
  ASSERT_TRUE(transport);

  const auto refused =
    transport->send(envelope_to({"customer@example.com", "gone@example.com"}), invoice_message(1));
  ASSERT_FALSE(refused.delivered());
  EXPECT_EQ(refused.failure.kind, FailureKind::Permanent);
  EXPECT_NE(refused.failure.message.find("gone@example.com"), std::string::npos)
    << refused.failure.message;
  EXPECT_NE(refused.failure.message.find("550"), std::string::npos) << refused.failure.message;

  // The connection was dropped after the refusal; the next message gets a fresh one.
  const auto accepted = transport->send(envelope_to({"customer@example.com"}), invoice_message(2));
  ASSERT_TRUE(accepted.delivered()) << accepted.failure.message;
  const auto received = server.wait_for_messages(1, k_wait);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].data, invoice_message(2));
  EXPECT_EQ(server.connection_count(), 2u);
}

TEST(SmtpTransport, ConnectionLostAfterTheDataIsUnknown) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received", {"--drop-after-data"});
  auto transport = open(settings_for(server.url()));
  ASSERT_TRUE(transport);

  const auto outcome = transport->send(envelope_to({"customer@example.com"}), invoice_message(1));
  ASSERT_FALSE(outcome.delivered());
  EXPECT_EQ(outcome.failure.kind, FailureKind::Unknown);
  EXPECT_NE(outcome.failure.message.find("may or may not"), std::string::npos)
    << outcome.failure.message;
  // Which is the point: the server did get it.
  EXPECT_EQ(server.wait_for_messages(1, k_wait).size(), 1u);
}

TEST(SmtpTransport, ReconnectsWhenTheServerClosedAnIdleConnection) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received", {"--idle-timeout", "0.2"});
  auto transport = open(settings_for(server.url()));
  ASSERT_TRUE(transport);

  ASSERT_TRUE(
    transport->send(envelope_to({"customer@example.com"}), invoice_message(1)).delivered());
  // The server gives up on the idle connection; our pool finds it closed and reconnects.
  ASSERT_TRUE(server.wait_for_closed_connections(1, k_wait));
  const auto outcome = transport->send(envelope_to({"customer@example.com"}), invoice_message(2));
  ASSERT_TRUE(outcome.delivered()) << outcome.failure.message;
  const auto received = server.wait_for_messages(2, k_wait);
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[1].connection, 2);
}

TEST(SmtpTransport, CheckReportsARefusedConnection) {
  const unsigned short port = closed_port();
  auto transport = open(settings_for("smtp://127.0.0.1:" + std::to_string(port)));
  ASSERT_TRUE(transport);

  const auto status = transport->check();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "mailbox 'acme': cannot connect to 127.0.0.1:" +
                                      std::to_string(port) + ": Connection refused");

  const auto outcome = transport->send(envelope_to({"customer@example.com"}), invoice_message(1));
  ASSERT_FALSE(outcome.delivered());
  EXPECT_EQ(outcome.failure.kind, FailureKind::Temporary);
  EXPECT_NE(outcome.failure.message.find("Connection refused"), std::string::npos);
}

TEST(SmtpTransport, RequiredStartTlsFailsClosedAgainstAPlainServer) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received");
  auto settings = settings_for(server.url());
  settings.starttls = StartTls::Required;
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  const auto status = transport->check();
  ASSERT_FALSE(status);
  const auto& text = status.error().message;
  EXPECT_NE(text.find("mailbox 'acme': cannot connect to 127.0.0.1:"), std::string::npos) << text;
  EXPECT_NE(text.find("does not offer STARTTLS"), std::string::npos) << text;

  const auto outcome = transport->send(envelope_to({"customer@example.com"}), invoice_message(1));
  EXPECT_FALSE(outcome.delivered());
  EXPECT_EQ(outcome.failure.kind, FailureKind::Temporary);
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpTransport, OpportunisticStartTlsFallsBackToPlain) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received");
  auto settings = settings_for(server.url());
  settings.starttls = StartTls::Opportunistic;
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  const auto outcome = transport->send(envelope_to({"customer@example.com"}), invoice_message(1));
  ASSERT_TRUE(outcome.delivered()) << outcome.failure.message;
  const auto received = server.wait_for_messages(1, k_wait);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_FALSE(received[0].tls);
}

std::vector<std::string> tls_server_arguments() {
  return testing::test_certificates().host_server_arguments();
}

TEST(SmtpTransport, StartTlsWithAPrivateAuthority) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received", tls_server_arguments());
  auto settings = settings_for(server.url());
  settings.starttls = StartTls::Required;
  settings.ca_file = testing::test_certificates().authority;
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  const auto outcome = transport->send(envelope_to({"customer@example.com"}), invoice_message(1));
  ASSERT_TRUE(outcome.delivered()) << outcome.failure.message;
  EXPECT_TRUE(outcome.delivery->server_reply.starts_with("250 "));
  const auto received = server.wait_for_messages(1, k_wait);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_TRUE(received[0].tls);
  EXPECT_EQ(received[0].data, invoice_message(1));
}

TEST(SmtpTransport, SmtpsSpeaksTlsFromTheStart) {
  TemporaryFolder folder;
  auto arguments = tls_server_arguments();
  arguments.push_back("--implicit-tls");
  SmtpServer server(folder / "received", arguments);
  // "localhost" this time: the certificate names both it and 127.0.0.1.
  auto settings = settings_for("smtps://localhost:" + std::to_string(server.port()));
  settings.ca_file = testing::test_certificates().authority;
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  ASSERT_TRUE(transport->check()) << transport->check().error().message;
  for (int number = 1; number <= 2; ++number) {
    const auto outcome =
      transport->send(envelope_to({"customer@example.com"}), invoice_message(number));
    ASSERT_TRUE(outcome.delivered()) << outcome.failure.message;
  }
  transport->close();
  const auto received = server.wait_for_messages(2, k_wait);
  ASSERT_EQ(received.size(), 2u);
  EXPECT_TRUE(received[1].tls);
  EXPECT_EQ(received[1].data, invoice_message(2));
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST(SmtpTransport, StartTlsRejectsACertificateOutsideTheTrustedAuthorities) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received", tls_server_arguments());
  auto settings = settings_for(server.url());
  settings.starttls = StartTls::Required; // With the system's authorities.
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  const auto status = transport->check();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("certificate"), std::string::npos)
    << status.error().message;
  EXPECT_FALSE(
    transport->send(envelope_to({"customer@example.com"}), invoice_message(1)).delivered());
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpTransport, StartTlsRefusesACertificateForAnotherHostNamingTheHost) {
  TemporaryFolder folder;
  const auto& certificates = testing::test_certificates();
  SmtpServer server(
    folder / "received",
    certificates.server_arguments(certificates.wrong_host_cert, certificates.wrong_host_key));
  auto settings = settings_for(server.url());
  settings.starttls = StartTls::Required;
  settings.ca_file = certificates.authority; // Trusted authority, wrong name.
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  const auto status = transport->check();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("the server's TLS certificate is not valid for 127.0.0.1"),
            std::string::npos)
    << status.error().message;
  EXPECT_FALSE(
    transport->send(envelope_to({"customer@example.com"}), invoice_message(1)).delivered());
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpTransport, SmtpsRefusesASelfSignedCertificate) {
  TemporaryFolder folder;
  const auto& certificates = testing::test_certificates();
  auto arguments =
    certificates.server_arguments(certificates.self_signed_cert, certificates.self_signed_key);
  arguments.push_back("--implicit-tls");
  SmtpServer server(folder / "received", arguments);
  auto settings = settings_for("smtps://localhost:" + std::to_string(server.port()));
  settings.ca_file = certificates.authority; // The right names, but no trusted signature.
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  const auto status = transport->check();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("the server's TLS certificate was not accepted"),
            std::string::npos)
    << status.error().message;
  EXPECT_NE(status.error().message.find("mailbox 'acme'"), std::string::npos);
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpTransport, AuthenticatesWithTheCredentials) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received", {"--auth", "acme-mailer:s3cret"});
  auto settings = settings_for(server.url());
  settings.username = "acme-mailer";
  settings.password = "s3cret";
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  const auto outcome = transport->send(envelope_to({"customer@example.com"}), invoice_message(1));
  ASSERT_TRUE(outcome.delivered()) << outcome.failure.message;
  const auto received = server.wait_for_messages(1, k_wait);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].login, "acme-mailer");
}

TEST(SmtpTransport, WrongPasswordFailsWithoutShowingIt) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received", {"--auth", "acme-mailer:s3cret"});
  auto settings = settings_for(server.url());
  settings.username = "acme-mailer";
  settings.password = "wrong-password";
  auto transport = open(settings);
  ASSERT_TRUE(transport);

  const auto status = transport->check();
  ASSERT_FALSE(status);
  const auto& text = status.error().message;
  EXPECT_NE(text.find("authentication failed: 535 5.7.8"), std::string::npos) << text;
  EXPECT_EQ(text.find("wrong-password"), std::string::npos) << text;
}

TEST(SmtpTransport, AddressesThatCouldInjectCommandsAreRefused) {
  TemporaryFolder folder;
  SmtpServer server(folder / "received");
  auto transport = open(settings_for(server.url()));
  ASSERT_TRUE(transport);

  const auto outcome = transport->send(
    envelope_to({"customer@example.com>\r\nRCPT TO:<thief@example.com"}), invoice_message(1));
  ASSERT_FALSE(outcome.delivered());
  EXPECT_EQ(outcome.failure.kind, FailureKind::Permanent);
  EXPECT_NE(outcome.failure.message.find("invalid envelope recipient"), std::string::npos)
    << outcome.failure.message;
  EXPECT_EQ(
    transport->send(Envelope{"", {"customer@example.com"}}, invoice_message(1)).failure.kind,
    FailureKind::Permanent);
  EXPECT_EQ(transport->send(envelope_to({}), invoice_message(1)).failure.kind,
            FailureKind::Permanent);
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpTransport, RejectsUnusableSettings) {
  auto settings = settings_for("smtp://127.0.0.1:25");
  settings.connections = 0;
  EXPECT_FALSE(open_transport(settings));

  settings = settings_for("smtp://127.0.0.1:25");
  settings.starttls = StartTls::Required;
  settings.ca_file = "/nonexistent/ca.pem";
  const auto missing_authorities = open_transport(settings);
  ASSERT_FALSE(missing_authorities);
  EXPECT_NE(missing_authorities.error().message.find("/nonexistent/ca.pem"), std::string::npos)
    << missing_authorities.error().message;

  const auto bad_url = open_transport(settings_for("http://example.com"));
  ASSERT_FALSE(bad_url);
  EXPECT_NE(bad_url.error().message.find("mailbox 'acme'"), std::string::npos);
}

} // namespace
} // namespace mailroom::transport
