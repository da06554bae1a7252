#include "sample_invoices.hpp"
#include "scanned_codes.hpp"

#include <engine/job/format.hpp>
#include <engine/job/payment.hpp>
#include <engine/job/reminder.hpp>
#include <engine/render/renderer.hpp>

#include <gtest/gtest.h>
#include <tests/support/pdf_reader.hpp>

#include <regex>
#include <string>
#include <vector>

// The payment reminder's letter (Renderer::render_reminder), read back with Poppler: its words in
// both languages, the invoice's facts and the amounts as the invoice writes them, the letterhead,
// the QR code (scanned with zxing-cpp) and the same bytes for the same input.

namespace mailroom::render {
namespace {

using samples::scanned_codes;
using testing::PdfReader;

// The invoice as the register knows it: no lines, only its facts and total.
job::Invoice registered_invoice(job::Language language = job::Language::Dutch) {
  job::Invoice invoice = samples::invoice_with_lines({});
  invoice.source = Location{"register", 0, ""};
  invoice.language = language;
  invoice.language_given = true;
  invoice.totals = job::Totals{};
  invoice.totals.total = job::Money{26919};
  return invoice;
}

// The second of three levels: € 269,19 issued, € 100,00 paid, a fee of € 15,00.
job::Reminder second_reminder() {
  job::Reminder reminder;
  reminder.level = 2;
  reminder.level_count = 3;
  reminder.date = time::Date{2026, 12, 18};
  reminder.pay_by = time::Date{2027, 1, 1};
  reminder.total = job::Money{26919};
  reminder.paid = job::Money{10000};
  reminder.outstanding = job::Money{16919};
  reminder.fee = job::Money{1500};
  reminder.asked = job::Money{18419};
  reminder.payment_reference = job::creditor_reference("2026-000123").value_or("");
  reminder.creditor_iban = "NL91ABNA0417164300";
  return reminder;
}

job::Reminder final_reminder() {
  job::Reminder reminder = second_reminder();
  reminder.level = 3;
  return reminder;
}

job::Creditor creditor_with_qr() {
  job::Creditor creditor = samples::acme();
  creditor.payment_qr = true;
  return creditor;
}

RenderedPdf render_or_fail(Renderer& renderer, const job::Invoice& invoice,
                           const job::Reminder& reminder, const job::Creditor& creditor,
                           Letterhead letterhead = Letterhead::Include) {
  auto rendered = renderer.render_reminder(invoice, reminder, creditor, letterhead);
  EXPECT_TRUE(rendered.has_value()) << (rendered ? "" : rendered.error().to_string());
  return rendered.has_value() ? *rendered : RenderedPdf{};
}

RenderedPdf render_or_fail(const job::Invoice& invoice, const job::Reminder& reminder,
                           const job::Creditor& creditor,
                           Letterhead letterhead = Letterhead::Include) {
  Renderer renderer;
  return render_or_fail(renderer, invoice, reminder, creditor, letterhead);
}

// The page's text on one line: Poppler may break a paragraph anywhere between words.
std::string text_of(const RenderedPdf& rendered) {
  const std::string text = PdfReader::from_bytes(rendered.bytes).text();
  return std::regex_replace(text, std::regex("[\n ]+"), " ");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A row of the letter's table: Poppler puts no space between a label and its value, which stand
// apart in columns of their own.
bool has_row(const std::string& text, const std::string& label, const std::string& value) {
  return contains(text, label + value) || contains(text, label + " " + value);
}

std::string dutch_money(job::Money amount) {
  return job::format::money(amount, "EUR", job::Language::Dutch);
}

TEST(ReminderLetter, IsOnePageInDutchWithTheInvoicesFactsAndWhatIsAskedNow) {
  const auto reminder = second_reminder();
  const auto rendered = render_or_fail(registered_invoice(), reminder, samples::acme());
  EXPECT_EQ(rendered.page_count, 1);
  EXPECT_EQ(PdfReader::from_bytes(rendered.bytes).page_count(), 1);
  const std::string text = text_of(rendered);
  EXPECT_TRUE(contains(text, "Betalingsherinnering 2")) << text;
  EXPECT_TRUE(contains(text, "onderstaande factuur nog open"));
  EXPECT_TRUE(contains(text, "Datum 18-12-2026"));
  EXPECT_TRUE(has_row(text, "Factuurnummer", "2026-000123"));
  EXPECT_TRUE(has_row(text, "Factuurdatum", "20-11-2026"));
  EXPECT_TRUE(has_row(text, "Vervaldatum", "04-12-2026"));
  EXPECT_TRUE(has_row(text, "Factuurbedrag", dutch_money(reminder.total)));
  EXPECT_TRUE(has_row(text, "Reeds betaald", dutch_money(reminder.paid)));
  EXPECT_TRUE(has_row(text, "Openstaand", dutch_money(reminder.outstanding)));
  EXPECT_TRUE(has_row(text, "Herinneringskosten", dutch_money(reminder.fee)));
  EXPECT_TRUE(has_row(text, "Nu te betalen", "€ 184,19")) << text;
  EXPECT_TRUE(has_row(text, "Uiterlijk betalen op", "01-01-2027"));
  EXPECT_TRUE(contains(text, "het bedrag van € 184,19 uiterlijk 01-01-2027 over te maken"));
  EXPECT_FALSE(contains(text, "Gecrediteerd")) << "nothing credited, no line for it";
  EXPECT_FALSE(contains(text, "Laatste herinnering")) << "not the last level";
  EXPECT_TRUE(contains(text, "IBAN NL91 ABNA 0417 1643 00"));
  EXPECT_TRUE(contains(text, "Ten name van Acme B.V."));
  EXPECT_TRUE(contains(text, "Betalingskenmerk RF46 2026 0001 23"));
  EXPECT_TRUE(contains(text, "Pagina 1 van 1"));
  EXPECT_FALSE(contains(text, "Payment reminder"));
}

TEST(ReminderLetter, IsInEnglishWhenTheInvoiceIs) {
  const auto reminder = second_reminder();
  const auto text =
    text_of(render_or_fail(registered_invoice(job::Language::English), reminder, samples::acme()));
  EXPECT_TRUE(contains(text, "Payment reminder 2")) << text;
  EXPECT_TRUE(contains(text, "the invoice below is still open"));
  EXPECT_TRUE(contains(text, "Date 18 December 2026"));
  EXPECT_TRUE(has_row(text, "Invoice number", "2026-000123"));
  EXPECT_TRUE(has_row(text, "Invoice date", "20 November 2026"));
  EXPECT_TRUE(has_row(text, "Due date", "4 December 2026"));
  EXPECT_TRUE(has_row(text, "Outstanding", "€169.19"));
  EXPECT_TRUE(has_row(text, "Reminder fee", "€15.00"));
  EXPECT_TRUE(has_row(text, "Amount to pay now", "€184.19")) << text;
  EXPECT_TRUE(has_row(text, "Pay by", "1 January 2027"));
  EXPECT_TRUE(contains(text, "Payment reference RF46 2026 0001 23"));
  EXPECT_TRUE(contains(text, "Page 1 of 1"));
  EXPECT_FALSE(contains(text, "Betalingsherinnering"));
  EXPECT_FALSE(contains(text, "Factuur"));
}

TEST(ReminderLetter, FollowsTheCreditorsLanguageWhenTheInvoiceGivesNone) {
  auto invoice = registered_invoice(job::Language::Dutch);
  invoice.language_given = false;
  const auto text = text_of(render_or_fail(invoice, second_reminder(), samples::northwind()));
  EXPECT_TRUE(contains(text, "Payment reminder 2")) << text;
}

TEST(ReminderLetter, ShowsAFeeOnlyWhenThereIsOneAndACreditOnlyWhenThereIsOne) {
  auto reminder = second_reminder();
  reminder.fee = job::Money{0};
  reminder.credited = job::Money{2500};
  reminder.outstanding = job::Money{14419};
  reminder.asked = reminder.outstanding;
  const auto text = text_of(render_or_fail(registered_invoice(), reminder, samples::acme()));
  EXPECT_FALSE(contains(text, "Herinneringskosten")) << text;
  EXPECT_TRUE(has_row(text, "Gecrediteerd", "€ 25,00"));
  EXPECT_TRUE(has_row(text, "Openstaand", "€ 144,19"));
  EXPECT_TRUE(has_row(text, "Nu te betalen", "€ 144,19"));
}

TEST(ReminderLetter, ListsEveryAmountWhenThereIsACreditAndAFee) {
  auto reminder = second_reminder();
  reminder.credited = job::Money{2500};
  reminder.outstanding = job::Money{14419};
  reminder.asked = job::Money{15919};
  const auto text = text_of(render_or_fail(registered_invoice(), reminder, samples::acme()));
  EXPECT_TRUE(has_row(text, "Factuurbedrag", "€ 269,19")) << text;
  EXPECT_TRUE(has_row(text, "Gecrediteerd", "€ 25,00"));
  EXPECT_TRUE(has_row(text, "Reeds betaald", "€ 100,00"));
  EXPECT_TRUE(has_row(text, "Openstaand", "€ 144,19"));
  EXPECT_TRUE(has_row(text, "Herinneringskosten", "€ 15,00"));
  EXPECT_TRUE(has_row(text, "Nu te betalen", "€ 159,19"));
  EXPECT_TRUE(has_row(text, "Uiterlijk betalen op", "01-01-2027"));
}

TEST(ReminderLetter, CallsTheLastLevelAFinalNoticeAndStillAPaymentReminder) {
  const auto dutch =
    text_of(render_or_fail(registered_invoice(), final_reminder(), samples::acme()));
  EXPECT_TRUE(contains(dutch, "Laatste herinnering")) << dutch;
  EXPECT_TRUE(contains(dutch, "Betalingsherinnering 3 voor factuur 2026-000123"));
  EXPECT_TRUE(contains(dutch, "nog altijd niet ontvangen"));
  const auto english = text_of(
    render_or_fail(registered_invoice(job::Language::English), final_reminder(), samples::acme()));
  EXPECT_TRUE(contains(english, "Final notice")) << english;
  EXPECT_TRUE(contains(english, "Payment reminder 3 for invoice 2026-000123"));
  // A single level is both the first and the last.
  auto only = second_reminder();
  only.level = 1;
  only.level_count = 1;
  EXPECT_TRUE(
    contains(text_of(render_or_fail(registered_invoice(), only, samples::acme())), "Laatste"));
}

TEST(ReminderLetter, AddressesTheDebtorAndPrintsOnlyTheNameWhenTheRegisterHasNoAddress) {
  const auto with =
    text_of(render_or_fail(registered_invoice(), second_reminder(), samples::acme()));
  EXPECT_TRUE(contains(with, "Bakkerij De Gouden Korst")) << with;
  EXPECT_TRUE(contains(with, "Dorpsstraat 12"));
  EXPECT_TRUE(contains(with, "1234 AB Ergenshuizen"));
  EXPECT_TRUE(contains(with, "BTW-nummer NL123456789B02"));

  auto invoice = registered_invoice();
  invoice.debtor.address.clear();
  const auto without = text_of(render_or_fail(invoice, second_reminder(), samples::acme()));
  EXPECT_TRUE(contains(without, "Bakkerij De Gouden Korst")) << without;
  EXPECT_FALSE(contains(without, "Dorpsstraat"));
}

TEST(ReminderLetter, RefusesALetterThatWouldNotFitOnOnePage) {
  auto invoice = registered_invoice();
  invoice.debtor.address.assign(60, "Nog een adresregel");
  Renderer renderer;
  const auto rendered =
    renderer.render_reminder(invoice, second_reminder(), samples::acme(), Letterhead::Include);
  ASSERT_FALSE(rendered.has_value());
  EXPECT_TRUE(contains(rendered.error().to_string(), "one page")) << rendered.error().to_string();
}

TEST(ReminderLetter, IsOnTheCreditorsLetterheadOnlyWhenAsked) {
  const auto creditor = samples::acme();
  const auto with = render_or_fail(registered_invoice(), second_reminder(), creditor);
  EXPECT_TRUE(contains(with.bytes, "/MailroomLetterhead1")) << "stamped under the page";
  const auto with_pdf = PdfReader::from_bytes(with.bytes);
  EXPECT_LT(testing::letterhead_difference(with_pdf, 0, creditor.letterhead, 0),
            testing::k_same_letterhead);
  EXPECT_TRUE(contains(with_pdf.text(), "Precision widgets since 1921"));

  const auto without =
    render_or_fail(registered_invoice(), second_reminder(), creditor, Letterhead::Omit);
  EXPECT_FALSE(contains(without.bytes, "/MailroomLetterhead"));
  const std::string text = text_of(without);
  EXPECT_FALSE(contains(text, "Precision widgets since 1921"));
  EXPECT_TRUE(contains(text, "Acme B.V.")) << "without its letterhead it still says who sent it";
  EXPECT_TRUE(contains(text, "1015 AA Amsterdam"));

  // Painted by cairo when asked to (the fallback when the stamp cannot be applied), it is there
  // all the same.
  Renderer painting(LetterheadMethod::AlwaysPaint);
  const auto painted = render_or_fail(painting, registered_invoice(), second_reminder(), creditor);
  EXPECT_FALSE(contains(painted.bytes, "/MailroomLetterhead"));
  EXPECT_LT(
    testing::letterhead_difference(PdfReader::from_bytes(painted.bytes), 0, creditor.letterhead, 0),
    testing::k_same_letterhead);
}

TEST(ReminderLetter, CarriesAQrCodeForWhatIsAskedOnlyWhenTheCreditorPrintsOne) {
  const auto invoice = registered_invoice();
  const auto reminder = second_reminder();
  const auto creditor = creditor_with_qr();
  const auto payload = job::epc_qr_payload(reminder, invoice, creditor);
  ASSERT_TRUE(payload.has_value());
  EXPECT_TRUE(payload->ends_with("\nNL91ABNA0417164300\nEUR184.19\n\nRF462026000123")) << *payload;
  const auto with = PdfReader::from_bytes(render_or_fail(invoice, reminder, creditor).bytes);
  EXPECT_EQ(scanned_codes(with, 150), std::vector<std::string>{*payload});
  EXPECT_TRUE(contains(with.text(), "Scan en betaal"));

  const auto without =
    PdfReader::from_bytes(render_or_fail(invoice, reminder, samples::acme()).bytes);
  EXPECT_TRUE(scanned_codes(without, 150).empty());
  EXPECT_FALSE(contains(without.text(), "Scan en betaal"));

  auto dollars = invoice;
  dollars.currency = "USD";
  EXPECT_TRUE(
    scanned_codes(PdfReader::from_bytes(render_or_fail(dollars, reminder, creditor).bytes), 150)
      .empty())
    << "an EPC QR code asks for euros only";
}

TEST(ReminderLetter, QuotesTheInvoiceNumberWhenTheInvoiceHadNoPaymentReference) {
  const auto invoice = registered_invoice();
  auto reminder = second_reminder();
  reminder.payment_reference.clear();
  const auto creditor = creditor_with_qr();
  const auto rendered = render_or_fail(invoice, reminder, creditor);
  EXPECT_TRUE(contains(text_of(rendered), "Betalingskenmerk 2026-000123")) << text_of(rendered);
  const auto payload = job::epc_qr_payload(reminder, invoice, creditor);
  ASSERT_TRUE(payload.has_value());
  EXPECT_TRUE(payload->ends_with("EUR184.19\n\n\n2026-000123")) << *payload;
  EXPECT_EQ(scanned_codes(PdfReader::from_bytes(rendered.bytes), 150),
            std::vector<std::string>{*payload});
}

TEST(ReminderLetter, GivesTheSameBytesForTheSameInputDatedTheDayOfTheReminder) {
  Renderer first;
  Renderer second;
  const auto invoice = registered_invoice();
  const auto reminder = second_reminder();
  const auto creditor = creditor_with_qr();
  const auto once = render_or_fail(first, invoice, reminder, creditor);
  const auto again = render_or_fail(first, invoice, reminder, creditor);
  const auto elsewhere = render_or_fail(second, invoice, reminder, creditor);
  ASSERT_FALSE(once.bytes.empty());
  EXPECT_TRUE(once.bytes == again.bytes);
  EXPECT_TRUE(once.bytes == elsewhere.bytes);
  EXPECT_FALSE(once.bytes == render_or_fail(first, invoice, final_reminder(), creditor).bytes);

  const auto pdf = PdfReader::from_bytes(once.bytes);
  EXPECT_EQ(pdf.creation_date(), reminder.date.to_unix_seconds());
  EXPECT_EQ(pdf.metadata_title(), "Betalingsherinnering 2 voor factuur 2026-000123");
  EXPECT_EQ(pdf.metadata_author(), "Acme B.V.");
  EXPECT_EQ(pdf.metadata_subject(), "Betalingsherinnering 2 voor Bakkerij De Gouden Korst");
}

TEST(ReminderLetter, LeavesTheInvoiceItselfAsItWas) {
  // The invoice and the reminder share the heading and payment code: an invoice still renders
  // with its payment sentence and its own QR code.
  const auto invoice = samples::short_invoice();
  const auto creditor = creditor_with_qr();
  const auto pdf = PdfReader::from_bytes(samples::render_or_fail(invoice, creditor).bytes);
  EXPECT_EQ(scanned_codes(pdf, 150),
            std::vector<std::string>{job::epc_qr_payload(invoice, creditor).value_or("")});
  EXPECT_FALSE(contains(pdf.text(), "Betalingsherinnering"));
}

} // namespace
} // namespace mailroom::render
