#include <engine/steps/journey.hpp>
#include <engine/util/text.hpp>
#include <engine/util/time.hpp>

// The mail: the creditor's templates in the invoice's language, its mailbox's sender, the
// debtor's valid addresses, the PDF attached. Its Message-ID counts the attempts of all runs.

namespace mailroom::steps {

Next compose(Journey& journey, mail::MailTexts texts, std::vector<mail::Attachment> attachments) {
  const auto& mailbox = journey.context.creditors.mailbox_of(journey.creditor);
  auto& input = journey.mail_input;
  input.mailbox = &mailbox;
  input.to = journey.recipients;
  input.to_name = journey.invoice.debtor.name;
  input.texts = std::move(texts);
  input.attachments = std::move(attachments);
  input.message_id = mail::make_message_id(journey.context.job.name, journey.document,
                                           journey.earlier_attempts + 1, mailbox.from_address);
  input.date = time::now();
  auto message = mail::build_message(input);
  if (!message) {
    return journey.fail_and_record("building the mail: " + message.error().to_string());
  }
  journey.entry.message_id = message->message_id;
  journey.message.emplace(std::move(*message));
  if (!journey.rejected.empty()) {
    journey.entry.error = "not sent to: " + text::join(journey.rejected, "; ");
  }
  return Next::GoOn;
}

Next compose_mail(Journey& journey) {
  const auto& invoice = journey.invoice;
  const auto& creditor = journey.creditor;
  const auto language = job::effective_language(invoice, creditor);
  auto texts = journey.context.templates.at(creditor.id).render(invoice, creditor, language);
  if (!texts) {
    return journey.fail_and_record("email template: " + texts.error().to_string());
  }
  return compose(journey, std::move(*texts), {{invoice.number + ".pdf", journey.pdf->bytes}});
}

} // namespace mailroom::steps
