#include "mail_samples.hpp"

#include <engine/job/reminder.hpp>
#include <engine/mail/templates.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

namespace mailroom::mail {
namespace {

namespace samples = testing::mail_samples;
using testing::TemporaryFolder;
using testing::write_text;

std::filesystem::path shipped(const std::string& name) {
  return testing::source_dir() / "templates" / "emails" / name;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char character) {
    return static_cast<char>(std::tolower(character));
  });
  return text;
}

// The invoice a reminder travels with: made from the register, so without lines, but with the
// totals it was issued with (€ 1.237,86).
job::Invoice reminded_invoice() {
  auto invoice = samples::invoice();
  invoice.lines.clear();
  return invoice;
}

// The first of two levels, 14 days after the due date: nothing paid, no fee.
job::Reminder first_reminder() {
  job::Reminder reminder;
  reminder.level = 1;
  reminder.level_count = 2;
  reminder.date = time::Date{2027, 1, 3};
  reminder.pay_by = time::Date{2027, 1, 17};
  reminder.total = job::Money{123786};
  reminder.outstanding = reminder.total;
  reminder.asked = reminder.total;
  reminder.payment_reference = "RF462026000123";
  reminder.creditor_iban = "NL91ABNA0417164300";
  return reminder;
}

// The final notice: part paid, part credited, and a fee.
job::Reminder final_notice() {
  auto reminder = first_reminder();
  reminder.level = 2;
  reminder.date = time::Date{2027, 1, 19};
  reminder.pay_by = time::Date{2027, 2, 2};
  reminder.credited = job::Money{3786};
  reminder.paid = job::Money{20000};
  reminder.outstanding = job::Money{100000};
  reminder.fee = job::Money{1500};
  reminder.asked = job::Money{101500};
  return reminder;
}

TemplateSet load_reminder_or_fail(const std::filesystem::path& folder) {
  auto set = TemplateSet::load(folder, TemplateKind::Reminder);
  EXPECT_TRUE(set.has_value()) << set.error().to_string();
  return std::move(set).value();
}

MailTexts render_or_fail(const TemplateSet& set, const job::Reminder& reminder,
                         job::Language language) {
  auto texts = set.render_reminder(reminded_invoice(), reminder, samples::acme(), language);
  EXPECT_TRUE(texts.has_value()) << texts.error().to_string();
  return std::move(texts).value();
}

// Whether the text speaks of a fee, in any of the shipped templates' words.
bool mentions_fee(const std::string& text) {
  const auto lowered = lower(text);
  for (const char* word :
       {"herinneringskosten", "administratiekosten", "reminder fee", "administration fee"}) {
    if (contains(lowered, word)) {
      return true;
    }
  }
  return false;
}

struct ShippedSet {
  const char* folder;
  const char* dutch_subject;
  const char* english_subject;
  bool has_html;
};

const ShippedSet k_shipped[] = {
  {"acme-reminder", "Betalingsherinnering factuur 2026-000123",
   "Payment reminder: invoice 2026-000123", true},
  {"acme-final-notice", "Laatste herinnering factuur 2026-000123",
   "Final notice: invoice 2026-000123", true},
  {"northwind-reminder", "Betalingsherinnering factuur 2026-000123",
   "Payment reminder: invoice 2026-000123", false},
  {"northwind-final-notice", "Laatste herinnering factuur 2026-000123",
   "Final notice: invoice 2026-000123", false},
};

TEST(ReminderTemplates, ShippedSetsRenderInDutch) {
  for (const auto& shipped_set : k_shipped) {
    SCOPED_TRACE(shipped_set.folder);
    const auto set = load_reminder_or_fail(shipped(shipped_set.folder));
    EXPECT_EQ(set.kind(), TemplateKind::Reminder);

    const auto first = render_or_fail(set, first_reminder(), job::Language::Dutch);
    EXPECT_EQ(first.subject, shipped_set.dutch_subject);
    const auto& body = first.text_body;
    EXPECT_TRUE(contains(body, "Geachte Jansen & Zn.,")) << body;
    EXPECT_TRUE(contains(body, "2026-000123")) << body;
    EXPECT_TRUE(contains(body, "20-11-2026")) << body; // The invoice's date,
    EXPECT_TRUE(contains(body, "20-12-2026")) << body; // its due date,
    EXPECT_TRUE(contains(body, "17-01-2027")) << body; // and the new date to pay by.
    EXPECT_TRUE(contains(body, "€ 1.237,86")) << body;
    EXPECT_TRUE(contains(body, "NL91 ABNA 0417 1643 00")) << body;
    EXPECT_TRUE(contains(body, "RF46 2026 0001 23")) << body;
    EXPECT_TRUE(contains(body, "oorspronkelijke factuur")) << body;
    EXPECT_TRUE(contains(body, "gekruist")) << body;
    // No fee, nothing paid, nothing credited: none of their sections.
    EXPECT_FALSE(mentions_fee(body)) << body;
    EXPECT_FALSE(contains(body, "€ 15,00")) << body;
    EXPECT_FALSE(contains(body, "€ 0,00")) << body;
    EXPECT_FALSE(contains(body, "{{")) << body;
    // A section not entered leaves no empty line behind.
    EXPECT_FALSE(contains(body, "\n\n\n")) << body;
    EXPECT_EQ(first.html_body.has_value(), shipped_set.has_html);
    if (first.html_body) {
      EXPECT_TRUE(contains(*first.html_body, "<html lang=\"nl\">"));
      EXPECT_TRUE(contains(*first.html_body, "Geachte Jansen &amp; Zn.,")) << *first.html_body;
      EXPECT_TRUE(contains(*first.html_body, "<strong>€ 1.237,86</strong>")) << *first.html_body;
      EXPECT_FALSE(mentions_fee(*first.html_body)) << *first.html_body;
    }

    const auto last = render_or_fail(set, final_notice(), job::Language::Dutch);
    EXPECT_EQ(last.subject, shipped_set.dutch_subject);
    EXPECT_TRUE(mentions_fee(last.text_body)) << last.text_body;
    EXPECT_TRUE(contains(last.text_body, "€ 15,00")) << last.text_body;    // The fee,
    EXPECT_TRUE(contains(last.text_body, "€ 1.000,00")) << last.text_body; // what is outstanding,
    EXPECT_TRUE(contains(last.text_body, "€ 1.015,00")) << last.text_body; // what is asked,
    EXPECT_TRUE(contains(last.text_body, "€ 200,00")) << last.text_body;   // what was paid,
    EXPECT_TRUE(contains(last.text_body, "€ 37,86")) << last.text_body;    // and credited.
    EXPECT_TRUE(contains(last.text_body, "02-02-2027")) << last.text_body;
    EXPECT_FALSE(contains(last.text_body, "\n\n\n")) << last.text_body;
    if (last.html_body) {
      EXPECT_TRUE(contains(*last.html_body, "€ 15,00")) << *last.html_body;
      EXPECT_TRUE(contains(*last.html_body, "<strong>€ 1.015,00</strong>")) << *last.html_body;
    }
  }
}

TEST(ReminderTemplates, ShippedSetsRenderInEnglish) {
  for (const auto& shipped_set : k_shipped) {
    SCOPED_TRACE(shipped_set.folder);
    const auto set = load_reminder_or_fail(shipped(shipped_set.folder));

    const auto first = render_or_fail(set, first_reminder(), job::Language::English);
    EXPECT_EQ(first.subject, shipped_set.english_subject);
    const auto& body = first.text_body;
    EXPECT_TRUE(contains(body, "Dear Jansen & Zn.,")) << body;
    EXPECT_TRUE(contains(body, "2026-000123")) << body;
    EXPECT_TRUE(contains(body, "20 November 2026")) << body;
    EXPECT_TRUE(contains(body, "20 December 2026")) << body;
    EXPECT_TRUE(contains(body, "17 January 2027")) << body;
    EXPECT_TRUE(contains(body, "€1,237.86")) << body;
    EXPECT_FALSE(contains(body, "€ 1.237,86")) << body;
    EXPECT_TRUE(contains(body, "NL91 ABNA 0417 1643 00")) << body;
    EXPECT_TRUE(contains(body, "RF46 2026 0001 23")) << body;
    EXPECT_TRUE(contains(body, "original invoice")) << body;
    EXPECT_TRUE(contains(body, "crossed this message")) << body;
    EXPECT_FALSE(mentions_fee(body)) << body;
    EXPECT_FALSE(contains(body, "€15.00")) << body;
    EXPECT_FALSE(contains(body, "\n\n\n")) << body;
    EXPECT_EQ(first.html_body.has_value(), shipped_set.has_html);
    if (first.html_body) {
      EXPECT_TRUE(contains(*first.html_body, "<html lang=\"en\">"));
      EXPECT_FALSE(mentions_fee(*first.html_body)) << *first.html_body;
    }

    const auto last = render_or_fail(set, final_notice(), job::Language::English);
    EXPECT_EQ(last.subject, shipped_set.english_subject);
    EXPECT_TRUE(mentions_fee(last.text_body)) << last.text_body;
    EXPECT_TRUE(contains(last.text_body, "€15.00")) << last.text_body;
    EXPECT_TRUE(contains(last.text_body, "€1,015.00")) << last.text_body;
    EXPECT_TRUE(contains(last.text_body, "€200.00")) << last.text_body;
    EXPECT_TRUE(contains(last.text_body, "2 February 2027")) << last.text_body;
    EXPECT_FALSE(contains(last.text_body, "\n\n\n")) << last.text_body;
  }
}

// Every name a reminder template may use, written out for one language.
TEST(ReminderTemplates, ReminderNamesAreFormattedForTheLanguage) {
  TemporaryFolder folder;
  write_text(folder / "subject.mustache", "Herinnering %n ({{reminder.level}})");
  write_text(folder / "body.txt.mustache",
             "{{reminder.level}}/{{reminder.level_count}}"
             "{{#reminder.is_final}} final{{/reminder.is_final}}\n"
             "{{reminder.date}} {{reminder.pay_by}}\n"
             "{{reminder.total}} {{reminder.credited}} {{reminder.paid}} {{reminder.outstanding}} "
             "{{reminder.fee}} {{reminder.asked}}\n"
             "{{#reminder.has_credited}}C{{/reminder.has_credited}}"
             "{{#reminder.has_paid}}P{{/reminder.has_paid}}"
             "{{#reminder.has_fee}}F{{/reminder.has_fee}}\n"
             "{{reminder.payment_reference}} | {{reminder.creditor_iban}} | "
             "{{invoice.line_count}}\n");
  const auto set = load_reminder_or_fail(folder.path());

  const auto dutch = render_or_fail(set, final_notice(), job::Language::Dutch);
  EXPECT_EQ(dutch.subject, "Herinnering 2026-000123 (2)");
  EXPECT_EQ(dutch.text_body, "2/2 final\n"
                             "19-01-2027 02-02-2027\n"
                             "€ 1.237,86 € 37,86 € 200,00 € 1.000,00 € 15,00 € 1.015,00\n"
                             "CPF\n"
                             "RF46 2026 0001 23 | NL91 ABNA 0417 1643 00 | 0\n");

  auto english = render_or_fail(set, first_reminder(), job::Language::English);
  EXPECT_EQ(english.text_body, "1/2\n"
                               "3 January 2027 17 January 2027\n"
                               "€1,237.86 €0.00 €0.00 €1,237.86 €0.00 €1,237.86\n"
                               "\n"
                               "RF46 2026 0001 23 | NL91 ABNA 0417 1643 00 | 0\n");

  // Without a structured reference the invoice number is the reference; without the IBAN the
  // invoice printed, the creditor's.
  auto bare = first_reminder();
  bare.payment_reference.clear();
  bare.creditor_iban.clear();
  const auto without = render_or_fail(set, bare, job::Language::Dutch);
  EXPECT_TRUE(contains(without.text_body, "2026-000123 | NL91 ABNA 0417 1643 00 | 0"))
    << without.text_body;
}

TEST(ReminderTemplates, AnUnknownNameIsRefusedWithTheFileNamed) {
  TemporaryFolder folder;
  write_text(folder / "subject.mustache", "Herinnering %n");
  write_text(folder / "nl" / "body.txt.mustache", "Te betalen: {{reminder.askd}}\n");
  write_text(folder / "en" / "body.txt.mustache", "Due: {{reminder.asked}}\n");
  const auto set = TemplateSet::load(folder.path(), TemplateKind::Reminder);
  ASSERT_FALSE(set.has_value());
  const auto message = set.error().to_string();
  EXPECT_TRUE(contains(message, (folder / "nl" / "body.txt.mustache").string())) << message;
  EXPECT_TRUE(contains(message, "\"reminder.askd\"")) << message;
  EXPECT_TRUE(contains(message, "reminder.*")) << message;
}

TEST(ReminderTemplates, UnknownNamesInsideEverySectionAreFound) {
  // Each section is entered by one of the samples, or by the other: a typing error in any of them
  // is found when the templates are loaded.
  for (const char* section : {"#reminder.is_final", "^reminder.is_final", "#reminder.has_fee",
                              "^reminder.has_fee", "#reminder.has_paid", "^reminder.has_paid",
                              "#reminder.has_credited", "^reminder.has_credited"}) {
    SCOPED_TRACE(section);
    const std::string name = std::string(section).substr(1);
    TemporaryFolder folder;
    write_text(folder / "subject.mustache", "Herinnering %n");
    write_text(folder / "body.txt.mustache",
               "{{" + std::string(section) + "}}{{reminder.typo}}{{/" + name + "}}\n");
    const auto set = TemplateSet::load(folder.path(), TemplateKind::Reminder);
    ASSERT_FALSE(set.has_value());
    EXPECT_TRUE(contains(set.error().to_string(), "\"reminder.typo\"")) << set.error().to_string();
  }
}

TEST(ReminderTemplates, InvoiceTemplatesRefuseReminderNames) {
  TemporaryFolder folder;
  write_text(folder / "subject.mustache", "Factuur %n");
  write_text(folder / "body.txt.mustache", "Te betalen: {{reminder.asked}}\n");
  const auto set = TemplateSet::load(folder.path());
  ASSERT_FALSE(set.has_value());
  const auto message = set.error().to_string();
  EXPECT_TRUE(contains(message, (folder / "body.txt.mustache").string())) << message;
  EXPECT_TRUE(contains(message, "\"reminder.asked\"")) << message;
  EXPECT_FALSE(contains(message, "reminder.*")) << message;

  // The same folder is a good reminder template set.
  EXPECT_TRUE(TemplateSet::load(folder.path(), TemplateKind::Reminder).has_value());
  // And the shipped reminder folders are no invoice templates.
  const auto shipped_as_invoice = TemplateSet::load(shipped("acme-reminder"));
  ASSERT_FALSE(shipped_as_invoice.has_value());
  EXPECT_TRUE(contains(shipped_as_invoice.error().to_string(), "reminder."))
    << shipped_as_invoice.error().to_string();
}

TEST(ReminderTemplates, EachSetRendersOnlyItsOwnKind) {
  const auto reminders = load_reminder_or_fail(shipped("acme-reminder"));
  const auto as_invoice =
    reminders.render(samples::invoice(), samples::acme(), job::Language::Dutch);
  ASSERT_FALSE(as_invoice.has_value());
  EXPECT_TRUE(contains(as_invoice.error().to_string(), "reminder templates"))
    << as_invoice.error().to_string();

  auto invoices = TemplateSet::load(shipped("acme"));
  ASSERT_TRUE(invoices.has_value()) << invoices.error().to_string();
  EXPECT_EQ(invoices->kind(), TemplateKind::Invoice);
  const auto as_reminder = invoices->render_reminder(reminded_invoice(), first_reminder(),
                                                     samples::acme(), job::Language::Dutch);
  ASSERT_FALSE(as_reminder.has_value());
  EXPECT_TRUE(contains(as_reminder.error().to_string(), "invoice templates"))
    << as_reminder.error().to_string();
}

} // namespace
} // namespace mailroom::mail
