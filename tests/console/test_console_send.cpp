#include "console_fixture.hpp"

#include <engine/ledger/run_lock.hpp>
#include <engine/util/time.hpp>

#include <tests/support/mime_reader.hpp>
#include <tests/support/smtp_server.hpp>

#include <chrono>
#include <thread>

// Sending from the console: the selection goes through `mailroom run`'s pipeline to a real SMTP
// server (aiosmtpd on loopback), and what arrived is read back from it; the steps before the
// send say what will and will not go out; a second send, or one while another run holds the
// ledger, is refused with who holds it; a recipient changed in the console is where the invoice
// goes next.

namespace mailroom::testing {

namespace {

using namespace std::chrono_literals;

class ConsoleSend : public ConsoleFixture {
protected:
  std::string job_extra() const override { return "transport = \"" + m_server->url() + "\"\n"; }

  void SetUp() override {
    m_server = std::make_unique<SmtpServer>(m_server_folder.path(), server_arguments());
    ConsoleFixture::SetUp();
    auto& console = make_console();
    const auto first = console.handle(get("/"));
    m_cookie = session_cookie(first);
    m_token = csrf_token(first);
  }

  virtual std::vector<std::string> server_arguments() const { return {}; }

  // A POST of the session's browser, with its token.
  console::Response post_form(const std::string& path,
                              std::multimap<std::string, std::string> parameters) {
    parameters.emplace("csrf", m_token);
    return m_console->handle(post(path, std::move(parameters), m_cookie));
  }

  static std::multimap<std::string, std::string> selection(std::initializer_list<std::string> keys,
                                                           const std::string& letterhead = "job") {
    std::multimap<std::string, std::string> parameters{{"letterhead", letterhead}};
    for (const auto& key : keys) {
      parameters.emplace("invoice", key);
    }
    return parameters;
  }

  // The progress page once the send has ended (a minute at most).
  std::string finished_page() {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto page = m_console->handle(get("/send", {}, m_cookie)).body;
      if (page.find("data-state=\"finished\"") != std::string::npos) {
        return page;
      }
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "the send did not finish within a minute";
    return {};
  }

  // The invoice numbers in the subjects of the messages the server received.
  std::multiset<std::string> numbers_received(size_t expected) {
    std::multiset<std::string> numbers;
    for (const auto& message : m_server->wait_for_messages(expected, 30s)) {
      const auto subject = parse_message(message.data).subject;
      const auto at = subject.find("2026-");
      numbers.insert(at == std::string::npos ? subject : subject.substr(at, 11));
    }
    return numbers;
  }

  TemporaryFolder m_server_folder;
  std::unique_ptr<SmtpServer> m_server;
  std::string m_cookie;
  std::string m_token;
};

TEST_F(ConsoleSend, TheSelectionGoesOutOnceEachThroughTheRunAndTheListSaysWhen) {
  // Step 1: the letterhead, the job's own choice preselected.
  const auto keys = {std::string("2026-000001/acme"), std::string("2026-000002/northwind"),
                     std::string("2026-000003/acme")};
  std::multimap<std::string, std::string> chosen;
  for (const auto& key : keys) {
    chosen.emplace("invoice", key);
  }
  const auto step1 = post_form("/send/letterhead", chosen);
  ASSERT_EQ(step1.status, 200) << step1.body;
  EXPECT_NE(step1.body.find("<strong>3</strong> invoices selected"), std::string::npos);
  EXPECT_NE(step1.body.find("value=\"job\" checked"), std::string::npos);
  // Step 2: three will go out, with letterhead.
  auto with_letterhead = chosen;
  with_letterhead.emplace("letterhead", "on");
  const auto step2 = post_form("/send/confirm", with_letterhead);
  ASSERT_EQ(step2.status, 200) << step2.body;
  EXPECT_NE(
    step2.body.find("id=\"to-send-count\">3</strong> invoices will be sent, with letterhead"),
    std::string::npos)
    << step2.body;
  // Send: the browser is sent to the progress page; the send goes on without it.
  const auto started = post_form("/send/start", with_letterhead);
  EXPECT_EQ(started.status, 303);
  EXPECT_EQ(started.header("Location"), "/send");
  const auto page = finished_page();
  EXPECT_NE(page.find("id=\"count-sent\">3<"), std::string::npos) << page;
  EXPECT_NE(page.find("id=\"all-sent\""), std::string::npos) << page;
  // Exactly those three arrived, once each.
  EXPECT_EQ(numbers_received(3),
            (std::multiset<std::string>{"2026-000001", "2026-000002", "2026-000003"}));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(m_server->messages().size(), 3u);
  // The list says when; the others are still not sent.
  const auto list = m_console->handle(get("/", {}, m_cookie)).body;
  EXPECT_EQ(occurrences(list, "data-delivery=\"sent\""), 3u);
  EXPECT_EQ(occurrences(list, "data-delivery=\"not_sent\""), 37u);
  EXPECT_NE(list.find("id=\"send-banner\" data-state=\"finished\""), std::string::npos);
  // Sent again: skipped, unless asked.
  const auto again = post_form("/send/confirm", with_letterhead);
  EXPECT_NE(again.body.find("id=\"to-send-count\">0<"), std::string::npos);
  EXPECT_NE(again.body.find("3 were sent before and will be skipped"), std::string::npos);
  EXPECT_NE(again.body.find("id=\"resend-too\""), std::string::npos);
}

TEST_F(ConsoleSend, AllThatMatchTheFilterAreReviewedWithTheInvalidAddressesNamed) {
  const auto review = post_form(
    "/send/confirm", {{"all_matching", "1"}, {"creditor", "acme"}, {"letterhead", "off"}});
  ASSERT_EQ(review.status, 200) << review.body;
  // Thirty-two of acme's; two have no valid address, named with why.
  EXPECT_NE(review.body.find("id=\"to-send-count\">30</strong> invoices will be sent, without "
                             "letterhead"),
            std::string::npos)
    << review.body;
  EXPECT_NE(review.body.find("2 have no valid email address"), std::string::npos);
  EXPECT_NE(
    review.body.find("2026-000012</span> (acme): &quot;boekhouding at example dot com&quot;: "
                     "missing &apos;@&apos;"),
    std::string::npos)
    << review.body;
  EXPECT_NE(review.body.find("2026-000024</span> (acme): the debtor has no email address"),
            std::string::npos);
  // Nothing selected, or a key that is no invoice: said, not sent.
  EXPECT_EQ(post_form("/send/confirm", {{"letterhead", "job"}}).status, 400);
  EXPECT_EQ(post_form("/send/start", {{"letterhead", "job"}, {"invoice", "nonsense"}}).status, 400);
  EXPECT_EQ(post_form("/send/start", selection({"2026-000001/acme"}, "sideways")).status, 400);
  EXPECT_EQ(m_server->messages().size(), 0u);
}

TEST_F(ConsoleSend, AnotherRunHoldingTheLedgerRefusesTheSendAndNamesIt) {
  auto lock = ledger::RunLock::acquire(m_context->job.ledger, "nightly-2026-12-07");
  ASSERT_TRUE(lock) << lock.error().to_string();
  ASSERT_EQ(post_form("/send/start", selection({"2026-000001/acme"})).status, 303);
  const auto page = finished_page();
  EXPECT_NE(page.find("id=\"send-refusal\""), std::string::npos) << page;
  EXPECT_NE(page.find("job nightly-2026-12-07 is already running (pid"), std::string::npos) << page;
  EXPECT_EQ(m_server->messages().size(), 0u);
}

TEST_F(ConsoleSend, TheEventStreamFollowsTheSendToItsEnd) {
  ASSERT_EQ(post_form("/send/start", selection({"2026-000001/acme", "2026-000003/acme"})).status,
            303);
  const auto stream = m_console->handle(get("/send/events", {}, m_cookie));
  EXPECT_EQ(stream.content_type, "text/event-stream");
  ASSERT_TRUE(stream.events);
  // Until the stream ends, or a minute has passed.
  std::string events;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline && stream.events(events)) {
  }
  const auto last = events.rfind("event: finished\ndata: ");
  ASSERT_NE(last, std::string::npos) << events;
  const auto data =
    nlohmann::json::parse(events.substr(last + 22, events.find('\n', last + 22) - last - 22));
  EXPECT_EQ(data["done"], 2);
  EXPECT_EQ(data["total"], 2);
  EXPECT_EQ(data["sent"], 2);
  EXPECT_EQ(data["state"], "finished");
}

TEST_F(ConsoleSend, ARecipientChangedInTheConsoleIsWhereTheNextSendGoes) {
  const std::multimap<std::string, std::string> invoice{{"creditor", "acme"},
                                                        {"number", "2026-000024"}};
  // An invalid address is refused and nothing is kept.
  auto bad = invoice;
  bad.emplace("recipients", "boekhouding at example dot com");
  const auto refused = post_form("/recipient", bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("missing &apos;@&apos;"), std::string::npos) << refused.body;
  auto kept = m_context->ledger->recipient_override("acme", "2026-000024");
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->has_value());
  // A valid one is kept with the note, shown beside the data's, and used by the next send.
  auto good = invoice;
  good.emplace("recipients", "debiteuren@nieuw.example");
  good.emplace("note", "phoned on Monday");
  const auto saved = post_form("/recipient", good);
  EXPECT_EQ(saved.status, 303);
  const auto shown =
    m_console->handle(get("/invoice", {{"creditor", "acme"}, {"number", "2026-000024"}}, m_cookie));
  EXPECT_NE(shown.body.find("id=\"recipient-override\"><strong>debiteuren@nieuw.example"),
            std::string::npos)
    << shown.body;
  EXPECT_NE(shown.body.find("phoned on Monday"), std::string::npos);
  ASSERT_EQ(post_form("/send/start", selection({"2026-000024/acme"})).status, 303);
  EXPECT_NE(finished_page().find("id=\"all-sent\""), std::string::npos);
  const auto messages = m_server->wait_for_messages(1, 30s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rcpt_tos, std::vector<std::string>{"debiteuren@nieuw.example"});
}

TEST_F(ConsoleSend, APaymentRegisteredOnAnInvoicesPageIsKeptOnceAndChecked) {
  // The register takes payments of invoices sent: send it first.
  ASSERT_EQ(post_form("/send/start", selection({"2026-000001/acme"})).status, 303);
  EXPECT_NE(finished_page().find("id=\"all-sent\""), std::string::npos);
  auto& console = *m_console;
  const auto page =
    console.handle(get("/invoice", {{"creditor", "acme"}, {"number", "2026-000001"}}, m_cookie));
  const auto& cookie = m_cookie;
  const auto& token = m_token;
  const auto key_at = page.body.find("name=\"key\" value=\"");
  ASSERT_NE(key_at, std::string::npos);
  const auto key = page.body.substr(key_at + 18, 64);
  const auto pay = [&](const std::string& amount, const std::string& date) {
    return console.handle(post("/payment",
                               {{"csrf", token},
                                {"creditor", "acme"},
                                {"number", "2026-000001"},
                                {"amount", amount},
                                {"paid_on", date},
                                {"method", "bank"},
                                {"key", key}},
                               cookie));
  };
  const auto paid_cents = [&] {
    auto row = m_context->ledger->register_row("acme", "2026-000001");
    return row && *row ? (*row)->paid_cents : -1;
  };
  // Refused, with what was expected: nothing is kept.
  EXPECT_EQ(pay("twelve", time::today().to_iso()).status, 400);
  EXPECT_EQ(pay("12,34", "2026-02-30").status, 400);
  EXPECT_EQ(pay("12,34", time::today().plus_days(2).to_iso()).status, 400);
  EXPECT_EQ(paid_cents(), 0);
  // A decimal comma is a person's; the same form twice registers it once.
  const auto first_time = pay("12,34", time::today().to_iso());
  EXPECT_EQ(first_time.status, 303) << first_time.body;
  EXPECT_EQ(pay("12,34", time::today().to_iso()).status, 303);
  EXPECT_EQ(paid_cents(), 1234);
}

// A server that answers slowly, so that a send is still going when the next is asked for.
class SlowConsoleSend : public ConsoleSend {
protected:
  std::vector<std::string> server_arguments() const override { return {"--reply-delay", "0.2"}; }
};

TEST_F(SlowConsoleSend, ASecondSendWhileOneRunsIsRefusedAndTheFirstGoesOn) {
  ASSERT_EQ(post_form("/send/start", selection({"2026-000001/acme", "2026-000003/acme",
                                                "2026-000004/acme", "2026-000005/acme"}))
              .status,
            303);
  const auto second = post_form("/send/start", selection({"2026-000006/acme"}));
  EXPECT_EQ(second.status, 409);
  EXPECT_NE(second.body.find("already running"), std::string::npos) << second.body;
  const auto list = m_console->handle(get("/", {}, m_cookie)).body;
  EXPECT_NE(list.find("id=\"send-banner\" data-state=\"running\""), std::string::npos);
  EXPECT_NE(finished_page().find("id=\"count-sent\">4<"), std::string::npos);
  EXPECT_EQ(numbers_received(4).count("2026-000006"), 0u);
}

} // namespace

} // namespace mailroom::testing
