#include "pages.hpp"
#include "shown.hpp"

#include <engine/ledger/state.hpp>
#include <engine/util/time.hpp>

// GET /invoice?creditor=ID&number=N: one invoice as the register knows it: its facts and where it
// stands, its PDF in the page (the archived one, or a preview for one never sent), every delivery
// with each attempt and the server's reply, its payments and reminders.

namespace mailroom::console {

namespace {

using kainjow::mustache::data;

data deliveries_of(ledger::Ledger& ledger, Language language, const ledger::InvoiceFacts& facts) {
  data list{data::type::list};
  auto deliveries = ledger.deliveries_of(facts.creditor, facts.number);
  if (!deliveries) {
    return list;
  }
  for (const auto& delivery : *deliveries) {
    data shown;
    shown.set("job", delivery.job);
    shown.set("state", delivery_label(language, ledger::state_name(delivery.state)));
    shown.set("recipients", delivery.recipients);
    data events{data::type::list};
    if (auto found = ledger.events_of(delivery.job, delivery.number)) {
      for (const auto& event : *found) {
        data each;
        each.set("at", local_time_text(language, event.at));
        each.set("state", delivery_label(language, ledger::state_name(event.state)));
        each.set("attempt", std::to_string(event.attempt));
        each.set("detail", event.detail);
        events.push_back(each);
      }
    }
    shown.set("events", events);
    list.push_back(shown);
  }
  return list;
}

data payments_of(ledger::Ledger& ledger, Language language, const ledger::InvoiceFacts& facts) {
  data list{data::type::list};
  static_cast<void>(ledger.each_payment(
    {facts.creditor, facts.number, "", ""}, [&](const ledger::RecordedPayment& payment) -> Status {
      const auto& record = payment.record;
      data shown;
      shown.set("date", date_text(language, record.paid_on));
      shown.set("amount", money_text(language, record.amount_cents, record.currency));
      shown.set("method", std::string(ledger::payment_method_name(record.method)));
      shown.set("note", record.note);
      list.push_back(shown);
      return Ok{};
    }));
  return list;
}

data reminders_of(ledger::Ledger& ledger, Language language, const ledger::InvoiceFacts& facts) {
  data list{data::type::list};
  if (auto sent = ledger.sent_reminders(facts.creditor, facts.number)) {
    for (const auto& reminder : *sent) {
      data shown;
      shown.set("level", std::to_string(reminder.level));
      shown.set("sent_at", local_time_text(language, reminder.sent_at));
      list.push_back(shown);
    }
  }
  return list;
}

} // namespace

std::optional<std::string> creditor_of_request(ledger::Ledger& ledger, const Request& request) {
  auto creditor = request.parameter("creditor");
  if (!creditor.empty()) {
    return creditor;
  }
  // Without a creditor, the number must name one invoice.
  auto creditors = ledger.creditors_with(request.parameter("number"));
  if (creditors && creditors->size() == 1) {
    return creditors->front();
  }
  return std::nullopt;
}

RequestedInvoice requested_invoice(const PageInput& input, const std::string& title) {
  const auto language = input.viewer.language;
  auto& ledger = *input.context.ledger;
  const auto number = input.request.parameter("number");
  const auto creditor = creditor_of_request(ledger, input.request);
  auto row = creditor ? ledger.register_row(*creditor, number)
                      : Result<std::optional<ledger::RegisterRow>>(std::nullopt);
  if (!row) {
    return {std::nullopt, message_page(input.viewer, 500, title, row.error().to_string())};
  }
  if (!*row) {
    return {std::nullopt, message_page(input.viewer, 404, title,
                                       text(language, "invoice") + " \"" + number +
                                         "\": " + text(language, "not_found"))};
  }
  return {std::move(*row), {}};
}

Response invoice_page(const PageInput& input) {
  const auto& viewer = input.viewer;
  const auto language = viewer.language;
  auto& ledger = *input.context.ledger;
  // Find the invoice.
  auto found = requested_invoice(input, text(language, "not_found"));
  if (!found.row) {
    return found.refusal;
  }
  const auto row = std::move(found.row);
  // Its facts and standing, deliveries, payments and reminders.
  const auto& facts = row->invoice.facts;
  const auto standing = receivables::standing_of(*row, time::today());
  auto values = shown_invoice(language, *row, standing);
  values.set("credit_note", facts.kind == ledger::RegisterKind::CreditNote);
  values.set("kind",
             text(language, facts.kind == ledger::RegisterKind::CreditNote ? "kind_credit_note"
                                                                           : "kind_invoice"));
  values.set("credited", money_text(language, standing.credited_cents, facts.currency));
  values.set("paid", money_text(language, standing.paid_cents, facts.currency));
  values.set("payment_reference", facts.payment_reference);
  values.set("debtor_address", facts.debtor_address);
  values.set("deliveries", deliveries_of(ledger, language, facts));
  values.set("payments", payments_of(ledger, language, facts));
  values.set("reminders_sent", reminders_of(ledger, language, facts));
  // The PDF: the one sent, or a preview of one never sent.
  const auto pdf_link = "/invoice/pdf?creditor=" + query_escape(facts.creditor) +
                        "&number=" + query_escape(facts.number);
  values.set("pdf_link", pdf_link);
  values.set("download_link", pdf_link + "&download=1");
  values.set("pdf_archived", row->invoice.is_issued());
  values.set("back", local_path(input.request.parameter("back")));
  values.set("was_sent", !row->sent_at.empty());
  values.set("self_link", "/invoice?creditor=" + query_escape(facts.creditor) +
                            "&number=" + query_escape(facts.number));
  // The recipient for the next send: the override in force, if any, beside the data's.
  std::string current_recipients = facts.recipients;
  if (auto in_force = ledger.recipient_override(facts.creditor, facts.number);
      in_force && *in_force) {
    data shown_override;
    shown_override.set("recipients", (*in_force)->recipients);
    shown_override.set("set_at", local_time_text(language, (*in_force)->set_at));
    if (!(*in_force)->note.empty()) {
      shown_override.set("note", (*in_force)->note);
    }
    values.set("override", shown_override);
    current_recipients = (*in_force)->recipients;
  }
  values.set("current_recipients", current_recipients);
  // The payment form: the outstanding amount proposed, today's date, a key of its own.
  values.set("currency", facts.currency);
  values.set("outstanding_plain", standing.outstanding_cents > 0
                                    ? receivables::plain_amount(standing.outstanding_cents)
                                    : std::string());
  values.set("today", time::today().to_iso());
  values.set("payment_key", random_token());
  return render_page(viewer, "invoice", text(language, "invoice") + " " + facts.number,
                     std::move(values));
}

} // namespace mailroom::console
