#include "invoice_list.hpp"

#include "invoice_filter.hpp"

namespace mailroom::receivables {

std::vector<Column> invoice_columns() {
  using enum ColumnKind;
  using enum ColumnUse;
  return {
    {"creditor", Text, Everywhere},
    {"number", Text, Everywhere},
    {"kind", Text, MachinesOnly},
    {"issued", Text, Everywhere},
    {"due", Text, Everywhere},
    {"debtor", Text, Everywhere},
    {"recipients", Text, MachinesOnly},
    {"currency", Text, MachinesOnly},
    {"total", Amount, Everywhere},
    {"paid", Amount, Everywhere},
    {"outstanding", Amount, Everywhere},
    {"payment_status", Text, MachinesOnly},
    {"delivery_status", Text, MachinesOnly},
    {"sent_at", Text, MachinesOnly},
    {"payment_reference", Text, MachinesOnly},
    {"reminders_sent", Integer, MachinesOnly},
    {"debtor_id", Text, MachinesOnly},
    {"credited", Amount, MachinesOnly},
    {"overdue", Boolean, MachinesOnly},
    {"days_overdue", Integer, MachinesOnly},
    {"last_paid_on", Text, MachinesOnly},
    // The addresses of an operator's recipient override in force; empty when none is.
    {"override_recipients", Text, MachinesOnly},
    // A person's summary of the columns above.
    {"payment", Text, TableOnly},
    {"delivery", Text, TableOnly},
    {"sent", Text, TableOnly},
    {"reminders", Integer, TableOnly},
  };
}

namespace {

std::string payment_summary(const Standing& standing) {
  std::string summary(payment_status_name(standing.status));
  for (auto& character : summary) {
    character = character == '_' ? ' ' : character;
  }
  if (standing.overdue == Overdue::Yes) {
    summary += ", " + std::to_string(standing.days_overdue) + " days late";
  }
  return summary;
}

// "2026-11-20 22:00 UTC" from "2026-11-20T22:00:00.000Z".
std::string sent_summary(const std::string& sent_at) {
  if (sent_at.size() < 16) {
    return sent_at;
  }
  return sent_at.substr(0, 10) + " " + sent_at.substr(11, 5) + " UTC";
}

} // namespace

std::vector<std::string> invoice_values(const ledger::RegisterRow& row, const Standing& standing) {
  const auto& invoice = row.invoice;
  const auto& facts = invoice.facts;
  const bool known = invoice.known == ledger::FactsKnown::Recorded;
  const auto amount = [&](std::int64_t cents) { return known ? plain_amount(cents) : ""; };
  const auto delivery = std::string(delivery_status_name(row.delivery));
  return {
    facts.creditor,
    facts.number,
    known ? std::string(ledger::register_kind_name(facts.kind)) : "",
    facts.issue_date,
    facts.due_date,
    facts.debtor_name,
    facts.recipients,
    facts.currency,
    amount(standing.total_cents),
    plain_amount(standing.paid_cents),
    amount(standing.outstanding_cents),
    std::string(payment_status_name(standing.status)),
    delivery,
    row.sent_at,
    facts.payment_reference,
    std::to_string(row.reminders_sent),
    facts.debtor_id,
    plain_amount(standing.credited_cents),
    standing.overdue == Overdue::Yes ? "true" : "false",
    std::to_string(standing.days_overdue),
    row.last_paid_on,
    row.override_recipients,
    payment_summary(standing),
    delivery,
    sent_summary(row.sent_at),
    std::to_string(row.reminders_sent),
  };
}

} // namespace mailroom::receivables
