#include "pages.hpp"
#include "shown.hpp"

#include <engine/receivables/standing.hpp>
#include <engine/util/text.hpp>
#include <engine/util/time.hpp>

// POST /payment: a payment of one invoice registered by hand, as `mailroom payment add` registers
// it (the ledger's payments, synced to disk before the page says so). Each form carries a key of
// its own, so a form sent twice (a double click, a reload) registers the payment once.

namespace mailroom::console {

namespace {

// "12.34", "12,34" or "12": a person's amount; a comma is a decimal comma when there is no dot.
Result<std::int64_t> amount_in_cents(std::string amount) {
  amount = std::string(text::trim(amount));
  if (amount.find('.') == std::string::npos && amount.find(',') == amount.rfind(',') &&
      amount.find(',') != std::string::npos) {
    amount[amount.find(',')] = '.';
  }
  return receivables::parse_positive_amount(amount);
}

} // namespace

Response register_payment(const PageInput& input) {
  const auto language = input.viewer.language;
  auto& ledger = *input.context.ledger;
  const auto creditor = input.request.parameter("creditor");
  const auto number = input.request.parameter("number");
  const auto refused = [&](int status, const std::string& message) {
    return message_page(input.viewer, status, text(language, "register_payment"), message);
  };
  auto found = requested_invoice(input, text(language, "register_payment"));
  if (!found.row) {
    return found.refusal;
  }
  // What was paid, when and how; each refused with what it expects.
  ledger::PaymentRecord payment;
  payment.creditor = creditor;
  payment.number = number;
  payment.currency = found.row->invoice.facts.currency;
  auto cents = amount_in_cents(input.request.parameter("amount"));
  if (!cents) {
    return refused(400, text(language, "amount") + ": " + cents.error().message);
  }
  payment.amount_cents = *cents;
  auto paid_on = time::parse_date(input.request.parameter("paid_on"));
  if (!paid_on) {
    return refused(400, text(language, "date") + ": " + paid_on.error().message);
  }
  if (*paid_on > time::today()) {
    return refused(400, text(language, "payment_in_future"));
  }
  payment.paid_on = paid_on->to_iso();
  const auto method = ledger::parse_payment_method(input.request.parameter("method"));
  if (!method) {
    return refused(400, text(language, "method") + ": bank, cash, card, ideal or other");
  }
  payment.method = *method;
  payment.note = std::string(text::trim(input.request.parameter("note")));
  const auto key = input.request.parameter("key");
  if (key.size() != 64) {
    return refused(400, text(language, "csrf_refused"));
  }
  payment.key = "console:" + key;
  // Record it, synced; the same form a second time records nothing new.
  auto recorded = ledger.add_payment(payment, ledger::RepeatedPayment::Intended);
  if (!recorded) {
    return refused(400, recorded.error().message);
  }
  return see_other("/invoice?creditor=" + query_escape(creditor) +
                   "&number=" + query_escape(number));
}

} // namespace mailroom::console
