#include "mail_samples.hpp"

#include <engine/mail/templates.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace mailroom::mail {
namespace {

namespace samples = testing::mail_samples;
using testing::TemporaryFolder;
using testing::write_text;

std::filesystem::path shipped(const std::string& name) {
  return testing::source_dir() / "templates" / "emails" / name;
}

TemplateSet load_or_fail(const std::filesystem::path& folder) {
  auto set = TemplateSet::load(folder);
  EXPECT_TRUE(set.has_value()) << set.error().to_string();
  return std::move(set).value();
}

MailTexts render_or_fail(const TemplateSet& set, const job::Invoice& invoice,
                         job::Language language) {
  auto texts = set.render(invoice, samples::acme(), language);
  EXPECT_TRUE(texts.has_value()) << texts.error().to_string();
  return std::move(texts).value();
}

// A folder with the two required files at the top.
void write_minimal(const TemporaryFolder& folder) {
  write_text(folder / "subject.mustache", "Top %n\n");
  write_text(folder / "body.txt.mustache", "Top body for {{debtor.name}}\n");
}

TEST(SubstituteInvoiceNumber, ReplacesPercentNAndPercentPercent) {
  EXPECT_EQ(substitute_invoice_number("Factuur %n", "2026-000123"), "Factuur 2026-000123");
  EXPECT_EQ(substitute_invoice_number("%n en %n", "7"), "7 en 7");
  EXPECT_EQ(substitute_invoice_number("100%% zeker: %n", "7"), "100% zeker: 7");
  EXPECT_EQ(substitute_invoice_number("%%n is literal", "7"), "%n is literal");
  EXPECT_EQ(substitute_invoice_number("50% korting", "7"), "50% korting");
  EXPECT_EQ(substitute_invoice_number("trailing %", "7"), "trailing %");
  EXPECT_EQ(substitute_invoice_number("%x stays", "7"), "%x stays");
}

TEST(TemplateSet, ShippedAcmeTemplatesRenderInDutch) {
  const auto set = load_or_fail(shipped("acme"));
  const auto texts = render_or_fail(set, samples::invoice(), job::Language::Dutch);
  EXPECT_EQ(texts.subject, "Factuur 2026-000123 van Acme B.V.");
  EXPECT_NE(texts.text_body.find("Geachte Jansen & Zn.,"), std::string::npos) << texts.text_body;
  EXPECT_NE(texts.text_body.find("€ 1.237,86"), std::string::npos) << texts.text_body;
  EXPECT_NE(texts.text_body.find("€ 212,30"), std::string::npos) << texts.text_body;
  EXPECT_NE(texts.text_body.find("20-11-2026"), std::string::npos) << texts.text_body;
  EXPECT_NE(texts.text_body.find("uiterlijk 20-12-2026"), std::string::npos) << texts.text_body;
  EXPECT_NE(texts.text_body.find("NL91 ABNA 0417 1643 00"), std::string::npos) << texts.text_body;
  EXPECT_NE(texts.text_body.find("Uw referentie: PO-7781"), std::string::npos) << texts.text_body;
  ASSERT_TRUE(texts.html_body.has_value());
  EXPECT_NE(texts.html_body->find("Geachte Jansen &amp; Zn.,"), std::string::npos);
  EXPECT_NE(texts.html_body->find("<strong>€ 1.237,86</strong>"), std::string::npos);
}

TEST(TemplateSet, ACreditNoteMailSaysWhatIsCreditedAndAsksForNoPayment) {
  auto credit = samples::invoice();
  credit.number = "2026-000200";
  credit.kind = job::DocumentKind::CreditNote;
  credit.credits = "2026-000123";
  ASSERT_TRUE(job::compute_amounts(credit));
  for (const char* creditor : {"acme", "northwind"}) {
    const auto set = load_or_fail(shipped(creditor));
    const auto dutch = render_or_fail(set, credit, job::Language::Dutch);
    // The sample creditor is Acme whichever folder's templates are used.
    EXPECT_EQ(dutch.subject, "Creditnota 2026-000200 van Acme B.V.") << creditor;
    EXPECT_NE(dutch.text_body.find("creditnota 2026-000200"), std::string::npos) << dutch.text_body;
    EXPECT_NE(dutch.text_body.find("factuur 2026-000123"), std::string::npos) << dutch.text_body;
    EXPECT_NE(dutch.text_body.find("€ 1.237,86"), std::string::npos) << dutch.text_body;
    EXPECT_EQ(dutch.text_body.find("€ -"), std::string::npos) << "no negative amounts in the mail";
    EXPECT_EQ(dutch.text_body.find("over te maken op"), std::string::npos) << dutch.text_body;
    const auto english = render_or_fail(set, credit, job::Language::English);
    EXPECT_EQ(english.subject.substr(0, 24), "Credit note 2026-000200 ");
    EXPECT_NE(english.text_body.find("invoice 2026-000123"), std::string::npos);
  }
  // An ordinary invoice quotes the structured payment reference.
  const auto invoice =
    render_or_fail(load_or_fail(shipped("acme")), samples::invoice(), job::Language::Dutch);
  EXPECT_NE(invoice.text_body.find("betalingskenmerk RF"), std::string::npos) << invoice.text_body;
}

TEST(TemplateSet, ShippedAcmeTemplatesRenderInEnglish) {
  const auto set = load_or_fail(shipped("acme"));
  const auto texts = render_or_fail(set, samples::invoice(), job::Language::English);
  EXPECT_EQ(texts.subject, "Invoice 2026-000123 from Acme B.V.");
  EXPECT_NE(texts.text_body.find("Dear Jansen & Zn.,"), std::string::npos) << texts.text_body;
  EXPECT_NE(texts.text_body.find("€1,237.86"), std::string::npos) << texts.text_body;
  EXPECT_NE(texts.text_body.find("20 November 2026"), std::string::npos) << texts.text_body;
  EXPECT_NE(texts.text_body.find("by 20 December 2026"), std::string::npos) << texts.text_body;
  EXPECT_EQ(texts.text_body.find("€ 1.237,86"), std::string::npos);
  ASSERT_TRUE(texts.html_body.has_value());
  EXPECT_NE(texts.html_body->find("<html lang=\"en\">"), std::string::npos);
}

TEST(TemplateSet, ShippedNorthwindTemplatesAreTextOnly) {
  const auto set = load_or_fail(shipped("northwind"));
  auto invoice = samples::invoice();
  invoice.reference.clear();
  invoice.note = "Betaald via automatische incasso? Dan hoeft u niets te doen.";
  const auto dutch = render_or_fail(set, invoice, job::Language::Dutch);
  EXPECT_EQ(dutch.subject, "Factuur 2026-000123 van Acme B.V.");
  EXPECT_FALSE(dutch.html_body.has_value());
  EXPECT_NE(dutch.text_body.find("€ 1.237,86"), std::string::npos) << dutch.text_body;
  EXPECT_NE(dutch.text_body.find(invoice.note), std::string::npos) << dutch.text_body;
  // Without a reference its section leaves no line behind.
  EXPECT_EQ(dutch.text_body.find("referentie"), std::string::npos) << dutch.text_body;
  const auto english = render_or_fail(set, invoice, job::Language::English);
  EXPECT_EQ(english.subject, "Invoice 2026-000123 from Acme B.V.");
  EXPECT_NE(english.text_body.find("€1,237.86"), std::string::npos) << english.text_body;
  EXPECT_FALSE(english.html_body.has_value());
}

TEST(TemplateSet, LanguageSubfolderTakesPrecedenceOverTheTop) {
  TemporaryFolder folder;
  write_minimal(folder);
  write_text(folder / "nl" / "subject.mustache", "NL %n");
  write_text(folder / "en" / "body.html.mustache", "<p>{{debtor.name}}</p>");
  const auto set = load_or_fail(folder.path());

  const auto dutch = render_or_fail(set, samples::invoice(), job::Language::Dutch);
  EXPECT_EQ(dutch.subject, "NL 2026-000123");
  EXPECT_EQ(dutch.text_body, "Top body for Jansen & Zn.\n");
  EXPECT_FALSE(dutch.html_body.has_value());

  const auto english = render_or_fail(set, samples::invoice(), job::Language::English);
  EXPECT_EQ(english.subject, "Top 2026-000123");
  EXPECT_EQ(english.text_body, "Top body for Jansen & Zn.\n");
  ASSERT_TRUE(english.html_body.has_value());
  EXPECT_EQ(*english.html_body, "<p>Jansen &amp; Zn.</p>");
}

TEST(TemplateSet, MissingSubjectIsReportedWithTheFolder) {
  TemporaryFolder folder;
  write_text(folder / "body.txt.mustache", "Body\n");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().to_string(),
            folder.path().string() +
              ": missing subject.mustache (looked in nl/ and the folder itself)");
}

TEST(TemplateSet, FileOnlyInOneLanguageIsMissingForTheOther) {
  TemporaryFolder folder;
  write_text(folder / "nl" / "subject.mustache", "Factuur %n");
  write_text(folder / "body.txt.mustache", "Body\n");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().to_string(),
            folder.path().string() +
              ": missing subject.mustache (looked in en/ and the folder itself)");
}

TEST(TemplateSet, MissingTextBodyIsReported) {
  TemporaryFolder folder;
  write_text(folder / "subject.mustache", "Factuur %n");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  EXPECT_NE(set.error().to_string().find("missing body.txt.mustache"), std::string::npos);
}

TEST(TemplateSet, MissingFolderIsReported) {
  TemporaryFolder folder;
  const auto set = TemplateSet::load(folder / "nowhere");
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().location.file, (folder / "nowhere").string());
  EXPECT_NE(set.error().message.find("does not exist"), std::string::npos);
}

TEST(TemplateSet, SyntaxErrorNamesTheFile) {
  TemporaryFolder folder;
  write_minimal(folder);
  write_text(folder / "en" / "body.txt.mustache", "Dear {{debtor.name}},\n{{#invoice.has_note}}\n");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().location.file, (folder / "en" / "body.txt.mustache").string());
  EXPECT_NE(set.error().message.find("template syntax error"), std::string::npos)
    << set.error().message;
  EXPECT_NE(set.error().message.find("invoice.has_note"), std::string::npos) << set.error().message;
}

TEST(TemplateSet, UnknownNameIsReportedWithTheFile) {
  TemporaryFolder folder;
  write_minimal(folder);
  write_text(folder / "nl" / "body.html.mustache",
             "{{#invoice.has_note}}{{invoice.notes}}{{/invoice.has_note}}");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().location.file, (folder / "nl" / "body.html.mustache").string());
  EXPECT_NE(set.error().message.find("\"invoice.notes\""), std::string::npos)
    << set.error().message;
}

TEST(TemplateSet, UnknownNameInAnInvertedSectionIsFound) {
  TemporaryFolder folder;
  write_minimal(folder);
  write_text(folder / "body.txt.mustache",
             "{{^invoice.has_reference}}{{invoice.referense}}{{/invoice.has_reference}}");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  EXPECT_NE(set.error().message.find("\"invoice.referense\""), std::string::npos)
    << set.error().message;
}

TEST(TemplateSet, PartialsAreRefused) {
  TemporaryFolder folder;
  write_minimal(folder);
  write_text(folder / "body.txt.mustache", "{{> ../../secret}}");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  EXPECT_NE(set.error().message.find("> ../../secret"), std::string::npos) << set.error().message;
}

TEST(TemplateSet, LinkToOutsideTheFolderIsRefused) {
  TemporaryFolder outside;
  write_text(outside / "subject.mustache", "Stolen %n");
  TemporaryFolder folder;
  write_minimal(folder);
  std::filesystem::create_directories(folder / "nl");
  std::filesystem::create_symlink(outside / "subject.mustache", folder / "nl" / "subject.mustache");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().location.file, (folder / "nl" / "subject.mustache").string());
  EXPECT_NE(set.error().message.find("outside the template folder"), std::string::npos);
}

TEST(TemplateSet, LinkInsideTheFolderIsFollowed) {
  TemporaryFolder folder;
  write_minimal(folder);
  std::filesystem::create_directories(folder / "en");
  std::filesystem::create_symlink(folder / "subject.mustache", folder / "en" / "subject.mustache");
  const auto set = load_or_fail(folder.path());
  EXPECT_EQ(render_or_fail(set, samples::invoice(), job::Language::English).subject,
            "Top 2026-000123");
}

TEST(TemplateSet, InvalidUtf8IsRefused) {
  TemporaryFolder folder;
  write_minimal(folder);
  write_text(folder / "body.txt.mustache", "Caf\xe9\n");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().location.file, (folder / "body.txt.mustache").string());
  EXPECT_NE(set.error().message.find("UTF-8"), std::string::npos);
}

TEST(TemplateSet, SubjectIsOneLineWhateverTheDataHolds) {
  TemporaryFolder folder;
  write_text(folder / "subject.mustache", "Factuur %n\nvoor {{debtor.name}}\n");
  write_text(folder / "body.txt.mustache", "Body\n");
  const auto set = load_or_fail(folder.path());
  auto invoice = samples::invoice();
  invoice.debtor.name = "Evil\r\nBcc: victim@example.org\r\n\r\nInjected body";
  const auto texts = render_or_fail(set, invoice, job::Language::Dutch);
  EXPECT_EQ(texts.subject, "Factuur 2026-000123 voor Evil Bcc: victim@example.org Injected body");
}

TEST(TemplateSet, PercentSignsInDataAreNotSubstituted) {
  TemporaryFolder folder;
  write_text(folder / "subject.mustache", "Factuur %n van {{creditor.name}} (100%%)");
  write_text(folder / "body.txt.mustache", "Body\n");
  const auto set = load_or_fail(folder.path());
  auto creditor = samples::acme();
  creditor.name = "100%natuur %% B.V.";
  const auto texts = set.render(samples::invoice(), creditor, job::Language::Dutch);
  ASSERT_TRUE(texts.has_value()) << texts.error().to_string();
  EXPECT_EQ(texts->subject, "Factuur 2026-000123 van 100%natuur %% B.V. (100%)");
}

TEST(TemplateSet, TextIsNotEscapedAndHtmlIs) {
  TemporaryFolder folder;
  write_text(folder / "subject.mustache", "{{debtor.name}} <%n>");
  write_text(folder / "body.txt.mustache", "{{debtor.name}} \"quoted\" <{{invoice.note}}>");
  write_text(folder / "body.html.mustache", "{{debtor.name}} <{{invoice.note}}>");
  const auto set = load_or_fail(folder.path());
  auto invoice = samples::invoice();
  invoice.note = "<b>'x'</b>";
  const auto texts = render_or_fail(set, invoice, job::Language::English);
  EXPECT_EQ(texts.subject, "Jansen & Zn. <2026-000123>");
  EXPECT_EQ(texts.text_body, "Jansen & Zn. \"quoted\" <<b>'x'</b>>");
  ASSERT_TRUE(texts.html_body.has_value());
  EXPECT_EQ(*texts.html_body, "Jansen &amp; Zn. <&lt;b&gt;&apos;x&apos;&lt;/b&gt;>");
}

TEST(TemplateSet, AddressesAsListAndLine) {
  TemporaryFolder folder;
  write_text(folder / "subject.mustache", "%n");
  write_text(folder / "body.txt.mustache",
             "{{#debtor.address}}[{{.}}]{{/debtor.address}}|{{creditor.address_line}}|"
             "{{invoice.line_count}}|{{invoice.subtotal}}|{{invoice.currency}}");
  const auto set = load_or_fail(folder.path());
  const auto texts = render_or_fail(set, samples::invoice(), job::Language::Dutch);
  EXPECT_EQ(texts.text_body,
            "[Dorpsstraat 7][9999 ZZ Ergens]|Keizersgracht 1, 1015 AA Amsterdam|2|€ 1.025,56|EUR");
}

TEST(TemplateSet, EmptySubjectAfterRenderingIsAnError) {
  TemporaryFolder folder;
  write_text(folder / "subject.mustache", "{{invoice.note}}");
  write_text(folder / "body.txt.mustache", "Body\n");
  const auto set = load_or_fail(folder.path());
  const auto texts = set.render(samples::invoice(), samples::acme(), job::Language::Dutch);
  ASSERT_FALSE(texts.has_value());
  EXPECT_NE(texts.error().message.find("subject"), std::string::npos);
  EXPECT_NE(texts.error().message.find("2026-000123"), std::string::npos);
}

// Each thread parses a template once and renders it for every invoice after: every render still
// sees its own invoice, two template sets with different texts stay apart, and the same text is
// escaped as its file asks (the subject never, the HTML body always).
TEST(TemplateSet, TemplatesRenderedAgainAndAgainGiveEachInvoiceItsOwnTexts) {
  TemporaryFolder first_folder;
  write_text(first_folder / "subject.mustache", "First %n {{debtor.name}}");
  write_text(first_folder / "body.txt.mustache", "{{debtor.name}}");
  write_text(first_folder / "body.html.mustache", "{{debtor.name}}");
  TemporaryFolder second_folder;
  write_text(second_folder / "subject.mustache", "Second %n");
  write_text(second_folder / "body.txt.mustache", "{{debtor.name}}");
  const auto first = load_or_fail(first_folder.path());
  const auto second = load_or_fail(second_folder.path());
  const auto check = [&](int index) {
    auto invoice = samples::invoice();
    invoice.number = "2026-" + std::to_string(index);
    invoice.debtor.name = "A & B " + std::to_string(index);
    const auto one = render_or_fail(first, invoice, job::Language::Dutch);
    EXPECT_EQ(one.subject,
              "First 2026-" + std::to_string(index) + " A & B " + std::to_string(index));
    EXPECT_EQ(one.text_body, "A & B " + std::to_string(index));
    ASSERT_TRUE(one.html_body.has_value());
    EXPECT_EQ(*one.html_body, "A &amp; B " + std::to_string(index));
    const auto two = render_or_fail(second, invoice, job::Language::Dutch);
    EXPECT_EQ(two.subject, "Second 2026-" + std::to_string(index));
    EXPECT_EQ(two.text_body, "A & B " + std::to_string(index));
  };
  for (int index = 0; index < 3; ++index) {
    check(index);
  }
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 4; ++thread) {
    threads.emplace_back([&, thread] {
      for (int index = 0; index < 50; ++index) {
        check(thread * 100 + index);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
}

} // namespace
} // namespace mailroom::mail
