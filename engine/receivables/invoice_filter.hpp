#pragma once

#include <engine/ledger/ledger.hpp>
#include <engine/ledger/register.hpp>
#include <engine/receivables/standing.hpp>
#include <engine/util/time.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Which invoices of the register a person asked for (`mailroom invoices`' filters). An empty
// list or text means "any".

namespace mailroom::receivables {

// What the delivery column says: the ledger's state, or "not_sent" when no run tried yet.
std::string_view delivery_status_name(std::optional<ledger::State> delivery);

// A value of `--payment`: a payment status, or overdue (which is unpaid or partially paid late).
struct PaymentFilter {
  std::optional<PaymentStatus> status; // None: overdue.
};
std::optional<PaymentFilter> parse_payment_filter(std::string_view name);

enum class ReverseChargeFilter { Any, Only };

struct InvoiceFilter {
  ledger::RegisterQuery query;         // Creditor and issue dates: what the ledger selects by.
  std::vector<std::string> deliveries; // Delivery status names.
  std::vector<PaymentFilter> payments;
  std::string search; // Debtor name or invoice number, folded (search_text.hpp).
  ReverseChargeFilter reverse_charge = ReverseChargeFilter::Any;
  std::string sent_from; // Inclusive dates, YYYY-MM-DD; compared with the date of sent_at (UTC).
  std::string sent_to;
  std::string paid_from; // Compared with the date of the latest payment.
  std::string paid_to;
  time::Date as_of; // The day overdue is judged on.
};

bool matches(const InvoiceFilter& filter, const ledger::RegisterRow& row, const Standing& standing);

// Hands every row of the register that `filter` matches, with where it stands as of its day, to
// `visit`, in the query's order, until `visit` says Stop: the one reading of the invoice list,
// for `mailroom invoices` and the console alike.
using MatchingRowVisitor =
  std::function<Result<ledger::Reading>(const ledger::RegisterRow&, const Standing&)>;
Status each_matching_row(ledger::Ledger& ledger, const InvoiceFilter& filter,
                         const MatchingRowVisitor& visit);

// Hands the filters the register can judge itself (delivery status, reverse charge) to its query,
// so that the rows they reject are never read; `matches` still judges them all.
void judge_in_the_register(InvoiceFilter& filter);

} // namespace mailroom::receivables
