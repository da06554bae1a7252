#pragma once

#include <engine/ledger/register.hpp>
#include <engine/receivables/list_writer.hpp>
#include <engine/receivables/standing.hpp>

#include <string>
#include <vector>

// The columns of the invoice list and one invoice's values in them. The names of the first
// sixteen are a promise to the programs that read the CSV and JSON: creditor, number, kind,
// issued, due, debtor, recipients, currency, total, paid, outstanding, payment_status,
// delivery_status, sent_at, payment_reference, reminders_sent.

namespace mailroom::receivables {

std::vector<Column> invoice_columns();
std::vector<std::string> invoice_values(const ledger::RegisterRow& row, const Standing& standing);

} // namespace mailroom::receivables
