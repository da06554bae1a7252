#include <engine/steps/journey.hpp>

// The reminder's mail: the templates of its level in the invoice's language, with two PDFs
// attached: the reminder letter and the invoice it reminds of, as it was sent.

namespace mailroom::steps {

namespace {

// "2026-000123-herinnering-2.pdf", "2026-000123-reminder-2.pdf".
std::string letter_name(const job::Invoice& invoice, const job::Reminder& reminder) {
  const auto* word = invoice.language == job::Language::Dutch ? "-herinnering-" : "-reminder-";
  return invoice.number + word + std::to_string(reminder.level) + ".pdf";
}

} // namespace

Next compose_reminder(Journey& journey) {
  const auto& invoice = journey.invoice;
  const auto& creditor = journey.creditor;
  const auto& reminder = *journey.reminder;
  const auto language = job::effective_language(invoice, creditor);
  const auto& levels = journey.context.reminder_templates.at(creditor.id);
  auto texts = levels.at(reminder.level - 1).render_reminder(invoice, reminder, creditor, language);
  if (!texts) {
    return journey.fail_and_record("email template: " + texts.error().to_string());
  }
  return compose(journey, std::move(*texts),
                 {{letter_name(invoice, reminder), journey.pdf->bytes},
                  {invoice.number + ".pdf", journey.invoice_pdf}});
}

} // namespace mailroom::steps
