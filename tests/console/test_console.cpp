#include "console_fixture.hpp"

#include <engine/console/assets.hpp>
#include <engine/console/list_query.hpp>
#include <engine/console/pages.hpp>
#include <engine/console/serve.hpp>
#include <engine/console/texts.hpp>
#include <engine/mail/mustache_engine.hpp>
#include <engine/util/time.hpp>

#include <nlohmann/json.hpp>
#include <tests/support/pdf_reader.hpp>
#include <tests/support/process.hpp>

#include <set>

// The console's request handling, each request made directly (no socket): the invoice list with
// its filters, search, order and paging over a real ledger; an invoice with its PDF read back by
// Poppler; the CSV; and the gates in front of every page (Host, CSRF, read-only, sign-in).

namespace mailroom::testing {

namespace {

using console::Access;
using console::ConsoleSettings;

TEST_F(ConsoleFixture, TheListShowsEveryInvoiceOfTheJobAsNotSentAPageAtATime) {
  EXPECT_EQ(m_registration.invoices, 40u);
  EXPECT_EQ(m_registration.new_ones, 40u);
  EXPECT_TRUE(m_registration.problems.empty());
  auto& console = make_console();
  const auto page = console.handle(get("/"));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Showing 1–40; 40 invoices match"), std::string::npos);
  EXPECT_EQ(occurrences(page.body, "<tr data-key="), 40u);
  EXPECT_EQ(occurrences(page.body, "data-delivery=\"not_sent\""), 40u);
  EXPECT_NE(page.body.find("value=\"2026-000001/acme\""), std::string::npos);
  // Five a page: the second page has both neighbours.
  const auto second = console.handle(get("/", {{"per_page", "5"}, {"page", "2"}}));
  EXPECT_NE(second.body.find("Showing 6–10; 40 invoices match"), std::string::npos);
  EXPECT_EQ(occurrences(second.body, "<tr data-key="), 5u);
  EXPECT_NE(second.body.find("id=\"previous-page\""), std::string::npos);
  EXPECT_NE(second.body.find("id=\"next-page\""), std::string::npos);
  const auto last = console.handle(get("/", {{"per_page", "5"}, {"page", "8"}}));
  EXPECT_EQ(occurrences(last.body, "<tr data-key="), 5u);
  EXPECT_EQ(last.body.find("id=\"next-page\""), std::string::npos);
}

TEST_F(ConsoleFixture, FiltersSearchAndOrderAreThoseOfTheInvoicesCommand) {
  auto& console = make_console();
  const auto northwind = console.handle(get("/", {{"creditor", "northwind"}}));
  EXPECT_EQ(occurrences(northwind.body, "<tr data-key="), 8u);
  EXPECT_EQ(occurrences(northwind.body, "/acme\""), 0u);
  // Search ignores case and accents, in the debtor's name or the number.
  const auto searched = console.handle(get("/", {{"q", "BRIGHTSIDE"}}));
  EXPECT_NE(searched.body.find("Brightside Consulting Ltd"), std::string::npos);
  EXPECT_EQ(occurrences(searched.body, "<tr data-key="), 3u);
  const auto by_number = console.handle(get("/", {{"q", "2026-000017"}}));
  EXPECT_EQ(occurrences(by_number.body, "<tr data-key="), 1u);
  // Nothing was sent, so nothing is "sent"; every invoice is unpaid (the credit note asks for
  // no payment).
  EXPECT_EQ(occurrences(console.handle(get("/", {{"status", "sent"}})).body, "<tr data-key="), 0u);
  EXPECT_EQ(occurrences(console.handle(get("/", {{"payment", "unpaid"}})).body, "<tr data-key="),
            39u);
  // The largest total first, then the smallest first.
  const auto largest = console.handle(get("/", {{"sort", "total"}, {"order", "desc"}}));
  const auto smallest = console.handle(get("/", {{"sort", "total"}, {"order", "asc"}}));
  EXPECT_LT(largest.body.find("2026-000032/acme"), largest.body.find("2026-000001/acme"));
  EXPECT_GT(smallest.body.find("2026-000032/acme"), smallest.body.find("2026-000001/acme"));
  EXPECT_NE(largest.body.find("aria-sort=\"descending\""), std::string::npos);
}

TEST_F(ConsoleFixture, BadParametersGetAPageThatNamesThemAndA400) {
  auto& console = make_console();
  const struct {
    const char* name;
    const char* value;
  } bad[] = {{"page", "-1"},           {"page", "0"},
             {"per_page", "100000"},   {"issued_from", "2026-13-01"},
             {"status", "posted"},     {"payment", "maybe"},
             {"sort", "colour"},       {"order", "sideways"},
             {"reverse_charge", "yes"}};
  for (const auto& [name, value] : bad) {
    const auto page = console.handle(get("/", {{name, value}}));
    EXPECT_EQ(page.status, 400) << name << "=" << value;
    EXPECT_NE(page.body.find("the parameter &quot;" + std::string(name) + "&quot;"),
              std::string::npos)
      << page.body;
  }
  EXPECT_EQ(console.handle(get("/invoice", {{"number", "2099-999999"}})).status, 404);
  EXPECT_EQ(console.handle(get("/nothing-here")).status, 404);
  EXPECT_EQ(console.handle(get("/assets/texts.en.json")).status, 404);
}

TEST_F(ConsoleFixture, AnInvoiceShowsItsFactsAndAPreviewOfItsPdfWhenNeverSent) {
  auto& console = make_console();
  const auto page = console.handle(get("/invoice", {{"number", "2026-000002"}}));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Oakfield School Trust"), std::string::npos);
  EXPECT_NE(page.body.find("finance@oakfield.example"), std::string::npos);
  EXPECT_NE(page.body.find("Preview: this invoice was never sent"), std::string::npos);
  EXPECT_NE(page.body.find("Not sent yet."), std::string::npos);
  const auto pdf =
    console.handle(get("/invoice/pdf", {{"creditor", "northwind"}, {"number", "2026-000002"}}));
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.content_type, "application/pdf");
  const auto read = PdfReader::from_bytes(pdf.body);
  EXPECT_GE(read.page_count(), 1);
  EXPECT_NE(read.text().find("2026-000002"), std::string::npos);
  EXPECT_NE(read.text().find("Oakfield School Trust"), std::string::npos);
}

TEST_F(ConsoleFixture, TheCsvIsTheInvoicesCommandsCsv) {
  auto& console = make_console();
  const auto csv = console.handle(get("/export.csv", {{"creditor", "northwind"}}));
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  const auto listed = run_mailroom(
    {"invoices", (m_folder / "job.toml").string(), "--creditor", "northwind", "--format", "csv"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(csv.body, listed.out);
  EXPECT_EQ(occurrences(csv.body, "\n"), 9u); // The heading and eight invoices.
  // The rows ticked in the list, also in a read-only console: nothing changes.
  ConsoleSettings read_only;
  read_only.access = Access::ReadOnly;
  auto& reader = make_console(read_only);
  const auto page = reader.handle(get("/"));
  const auto ticked = reader.handle(post("/export.csv",
                                         {{"csrf", csrf_token(page)},
                                          {"creditor", "northwind"},
                                          {"invoice", "2026-000002/northwind"},
                                          {"invoice", "2026-000001/acme"}},
                                         session_cookie(page)));
  ASSERT_EQ(ticked.status, 200) << ticked.body;
  EXPECT_EQ(occurrences(ticked.body, "\n"), 2u) << ticked.body; // Acme's is not northwind's.
  EXPECT_NE(ticked.body.find("\nnorthwind,2026-000002,"), std::string::npos);
}

TEST_F(ConsoleFixture, APostWithoutTheSessionsTokenIsRefused) {
  auto& console = make_console();
  const auto first = console.handle(get("/"));
  const auto cookie = session_cookie(first);
  const auto token = csrf_token(first);
  ASSERT_FALSE(cookie.empty());
  ASSERT_EQ(token.size(), 64u);
  // No token, a wrong one, or another browser's session: refused.
  EXPECT_EQ(console.handle(post("/language", {{"language", "nl"}}, cookie)).status, 403);
  auto wrong = token;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  EXPECT_EQ(console.handle(post("/language", {{"language", "nl"}, {"csrf", wrong}}, cookie)).status,
            403);
  EXPECT_EQ(console.handle(post("/language", {{"language", "nl"}, {"csrf", token}}, "")).status,
            403);
  EXPECT_NE(console.handle(get("/", {}, cookie)).body.find("<h1>Invoices</h1>"), std::string::npos);
  // With it, the switch works and takes the browser back where it was.
  const auto switched = console.handle(
    post("/language", {{"language", "nl"}, {"csrf", token}, {"back", "/?creditor=acme"}}, cookie));
  EXPECT_EQ(switched.status, 303);
  EXPECT_EQ(switched.header("Location"), "/?creditor=acme");
  EXPECT_NE(console.handle(get("/", {}, cookie)).body.find("<h1>Facturen</h1>"), std::string::npos);
  // A "back" to another site goes home instead.
  const auto elsewhere = console.handle(
    post("/language", {{"language", "en"}, {"csrf", token}, {"back", "//evil.example/"}}, cookie));
  EXPECT_EQ(elsewhere.header("Location"), "/");
}

TEST_F(ConsoleFixture, TheBrowsersLanguageIsTheDefault) {
  auto& console = make_console();
  auto request = get("/");
  request.accept_language = "de-DE,nl;q=0.8,en;q=0.5";
  EXPECT_NE(console.handle(request).body.find("<html lang=\"nl\">"), std::string::npos);
  request.accept_language = "fr";
  EXPECT_NE(console.handle(request).body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(console::preferred_language("en-GB,en;q=0.9,nl;q=0.8"), job::Language::English);
  EXPECT_EQ(console::preferred_language("NL"), job::Language::Dutch);
  EXPECT_EQ(console::preferred_language(""), job::Language::English);
}

TEST_F(ConsoleFixture, ReadOnlyShowsNoActionAndRefusesEveryPostThatWouldChangeSomething) {
  ConsoleSettings settings;
  settings.access = Access::ReadOnly;
  auto& console = make_console(settings);
  const auto page = console.handle(get("/"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"read-only-badge\""), std::string::npos);
  EXPECT_EQ(page.body.find("name=\"invoice\""), std::string::npos);
  EXPECT_EQ(page.body.find("id=\"select-page\""), std::string::npos);
  const auto cookie = session_cookie(page);
  const auto token = csrf_token(page);
  for (const auto* path : {"/send/review", "/send/start", "/recipient", "/anything"}) {
    const auto refused = console.handle(post(path, {{"csrf", token}}, cookie));
    EXPECT_EQ(refused.status, 403) << path;
    EXPECT_NE(refused.body.find("read only"), std::string::npos) << path;
  }
  // The language is the browser's own business.
  EXPECT_EQ(console.handle(post("/language", {{"language", "nl"}, {"csrf", token}}, cookie)).status,
            303);
}

TEST_F(ConsoleFixture, WithAPasswordNothingButTheSignInIsShownUntilSignedIn) {
  ConsoleSettings settings;
  settings.password = "correct horse";
  auto& console = make_console(settings);
  const auto home = console.handle(get("/"));
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.header("Location"), "/sign-in");
  const auto cookie = session_cookie(home);
  EXPECT_EQ(console.handle(get("/invoice", {{"number", "2026-000002"}}, cookie)).status, 303);
  EXPECT_EQ(console.handle(get("/export.csv", {}, cookie)).status, 303);
  const auto form = console.handle(get("/sign-in", {}, cookie));
  ASSERT_EQ(form.status, 200);
  EXPECT_EQ(form.body.find("correct horse"), std::string::npos);
  const auto token = csrf_token(form);
  // A wrong password, five times; the sixth try waits, even with the right one.
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto wrong =
      console.handle(post("/sign-in", {{"csrf", token}, {"password", "wrong"}}, cookie));
    EXPECT_EQ(wrong.status, 403);
    EXPECT_NE(wrong.body.find("id=\"sign-in-failed\""), std::string::npos);
  }
  EXPECT_EQ(
    console.handle(post("/sign-in", {{"csrf", token}, {"password", "correct horse"}}, cookie))
      .status,
    429);
  // From another address, the right password signs in, with a new session id.
  auto right = post("/sign-in", {{"csrf", token}, {"password", "correct horse"}}, cookie);
  right.peer = "127.0.0.2";
  const auto signed_in = console.handle(right);
  EXPECT_EQ(signed_in.status, 303);
  const auto new_cookie = session_cookie(signed_in);
  ASSERT_FALSE(new_cookie.empty());
  EXPECT_NE(new_cookie, cookie);
  EXPECT_EQ(console.handle(get("/", {}, new_cookie)).status, 200);
  EXPECT_EQ(console.handle(get("/", {}, cookie)).status, 303); // The old id is worth nothing.
}

TEST_F(ConsoleFixture, AnotherHostNameIsRefused) {
  ConsoleSettings settings;
  settings.hosts = console::accepted_hosts("127.0.0.1", 8080);
  auto& console = make_console(settings);
  auto request = get("/");
  request.host = "127.0.0.1:8080";
  EXPECT_EQ(console.handle(request).status, 200);
  request.host = "localhost:8080";
  EXPECT_EQ(console.handle(request).status, 200);
  request.host = "rebound.example:8080";
  EXPECT_EQ(console.handle(request).status, 400);
  request.host = "";
  EXPECT_EQ(console.handle(request).status, 400);
}

TEST_F(ConsoleFixture, ASelectionPrintsAsOnePdfInJobOrder) {
  auto& console = make_console();
  const auto first = console.handle(get("/"));
  const auto cookie = session_cookie(first);
  const auto token = csrf_token(first);
  const std::multimap<std::string, std::string> selection{
    {"csrf", token}, {"invoice", "2026-000003/acme"}, {"invoice", "2026-000002/northwind"}};
  const auto form = console.handle(post("/print", selection, cookie));
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("<strong>2</strong> invoices selected"), std::string::npos);
  auto asked = selection;
  asked.emplace("letterhead", "off");
  const auto pdf = console.handle(post("/print/pdf", asked, cookie));
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.content_type, "application/pdf");
  const auto read = PdfReader::from_bytes(pdf.body);
  const auto text = read.text();
  // In job order: 2026-000002 comes before 2026-000003 in the job's file.
  ASSERT_NE(text.find("2026-000002"), std::string::npos);
  ASSERT_NE(text.find("2026-000003"), std::string::npos);
  EXPECT_LT(text.find("2026-000002"), text.find("2026-000003"));
  EXPECT_EQ(text.find("2026-000001"), std::string::npos);
  EXPECT_EQ(console.handle(post("/print/pdf", {{"csrf", token}}, cookie)).status, 400);
}

TEST(ConsoleTexts, DutchAndEnglishHaveTheSameTexts) {
  const auto keys = [](const char* name) {
    const auto source = console::asset(name);
    EXPECT_TRUE(source.has_value()) << name;
    const auto parsed = nlohmann::json::parse(source.value_or("{}"), nullptr, false);
    EXPECT_TRUE(parsed.is_object()) << name;
    std::set<std::string> found;
    for (const auto& [key, value] : parsed.items()) {
      EXPECT_TRUE(value.is_string() && !value.get<std::string>().empty()) << name << ": " << key;
      found.insert(key);
    }
    return found;
  };
  const auto english = keys("texts.en.json");
  EXPECT_GT(english.size(), 50u);
  EXPECT_EQ(english, keys("texts.nl.json"));
}

TEST(ConsoleTexts, EveryTextATemplateUsesExists) {
  const auto english = nlohmann::json::parse(*console::asset("texts.en.json"));
  for (const auto* name :
       {"layout.html", "list.html", "invoice.html", "sign_in.html", "message.html"}) {
    const std::string source(*console::asset(name));
    ASSERT_TRUE(mail::check_syntax(source)) << name;
    for (auto at = source.find("{{t."); at != std::string::npos; at = source.find("{{t.", at + 1)) {
      const auto key = source.substr(at + 4, source.find("}}", at) - at - 4);
      EXPECT_TRUE(english.contains(key)) << name << " uses the text " << key;
    }
  }
}

TEST(ConsoleParts, InvoiceKeysListenAddressesAndLinks) {
  EXPECT_EQ(console::invoice_key("acme", "2026-0001"), "2026-0001/acme");
  const auto key = console::parse_invoice_key("2026-0001/ac/me");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->number, "2026-0001");
  EXPECT_EQ(key->creditor, "ac/me");
  EXPECT_FALSE(console::parse_invoice_key("2026-0001"));
  EXPECT_FALSE(console::parse_invoice_key("/acme"));

  const auto address = console::parse_listen_address("[::1]:8080");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 8080);
  for (const auto* bad :
       {"8080", ":8080", "127.0.0.1:", "127.0.0.1:99999", "::1:8080", "127.0.0.1:80a"}) {
    EXPECT_FALSE(console::parse_listen_address(bad)) << bad;
  }
  EXPECT_TRUE(console::is_loopback("127.0.0.1"));
  EXPECT_TRUE(console::is_loopback("::1"));
  EXPECT_FALSE(console::is_loopback("0.0.0.0"));
  EXPECT_FALSE(console::is_loopback("192.168.1.10"));

  EXPECT_EQ(console::local_path("/invoice?number=1"), "/invoice?number=1");
  for (const auto* elsewhere :
       {"//evil.example", "https://evil.example", "javascript:alert(1)", "/\\evil.example", ""}) {
    EXPECT_EQ(console::local_path(elsewhere), "/") << elsewhere;
  }
  const auto cookies = console::parse_cookies("a=1; mailroom_session=abc ;b");
  EXPECT_EQ(cookies.at("mailroom_session"), "abc");
  EXPECT_EQ(cookies.count("b"), 0u);
}

} // namespace

} // namespace mailroom::testing
