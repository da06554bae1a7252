#include "ledger_choice.hpp"
#include "load.hpp"

#include <engine/receivables/standing.hpp>

#include <cstdio>

// `mailroom payment add`: a payment registered by hand ("betaling registreren"). The register
// refuses what it cannot take (an unknown invoice, a credit note, another currency); the same key
// twice records one payment; the same payment again within a minute asks for --again.

namespace mailroom::commands {

namespace {

void print_outstanding(ledger::Ledger& ledger, const ledger::PaymentRecord& payment) {
  auto row = ledger.register_row(payment.creditor, payment.number);
  if (!row || !*row) {
    return;
  }
  const auto standing = receivables::standing_of(**row, {});
  std::printf("%s of %s: paid %s, outstanding %s %s (%s)\n", payment.number.c_str(),
              payment.creditor.c_str(), receivables::plain_amount(standing.paid_cents).c_str(),
              (*row)->invoice.facts.currency.c_str(),
              receivables::plain_amount(standing.outstanding_cents).c_str(),
              std::string(receivables::payment_status_name(standing.status)).c_str());
}

} // namespace

CommandResult payment_add(const PaymentAddOptions& options) {
  // Open the register and find the invoice.
  auto chosen = open_chosen_ledger(options.ledger);
  if (!chosen.ledger) {
    return CommandResult::Refused;
  }
  auto& ledger = *chosen.ledger;
  auto payment = options.payment;
  const auto creditor = creditor_of(ledger, payment.number, options.creditor);
  if (!creditor) {
    std::fprintf(stderr, "mailroom: payment not recorded\n");
    return CommandResult::Refused;
  }
  payment.creditor = *creditor;
  // A payment is in the invoice's currency unless said otherwise.
  if (payment.currency.empty()) {
    if (auto invoice = ledger.find_invoice(payment.creditor, payment.number); invoice && *invoice) {
      payment.currency = (*invoice)->facts.currency;
    }
  }
  // Record it, synced to disk.
  auto recorded = ledger.add_payment(payment, options.repeated);
  if (!recorded) {
    print_errors({recorded.error()});
    std::fprintf(stderr, "mailroom: payment not recorded\n");
    return CommandResult::Refused;
  }
  const auto amount = receivables::plain_amount(payment.amount_cents);
  switch (*recorded) {
    case ledger::PaymentRecording::Recorded:
      std::printf("recorded: %s %s paid on %s for %s\n", amount.c_str(), payment.currency.c_str(),
                  payment.paid_on.c_str(), payment.number.c_str());
      break;
    case ledger::PaymentRecording::AlreadyRecorded:
      std::printf("already recorded: a payment with key \"%s\" is in the register; nothing new "
                  "was recorded\n",
                  payment.key.c_str());
      break;
    case ledger::PaymentRecording::RecordedMomentsAgo:
      std::fprintf(stderr,
                   "error: the same payment (%s %s on %s for %s, %s) was recorded less than a "
                   "minute ago; nothing was recorded. If it really was paid twice, add it "
                   "again with --again\n",
                   amount.c_str(), payment.currency.c_str(), payment.paid_on.c_str(),
                   payment.number.c_str(),
                   std::string(ledger::payment_method_name(payment.method)).c_str());
      return CommandResult::Incomplete;
  }
  print_outstanding(ledger, payment);
  return CommandResult::Completed;
}

} // namespace mailroom::commands
