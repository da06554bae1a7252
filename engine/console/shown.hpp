#pragma once

#include <engine/console/send_run.hpp>
#include <engine/console/texts.hpp>
#include <engine/ledger/register.hpp>
#include <engine/receivables/standing.hpp>

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>

// How the console writes what the register holds for a person of its language: amounts with
// their currency, dates as the language writes them, times in this machine's time zone, the
// delivery and payment status in words.

namespace mailroom::console {

// "not sent", "verzonden", ... for a delivery status name (receivables::delivery_status_name).
std::string delivery_label(Language language, std::string_view status);

// "1.234,56" with its currency, as the invoices write it.
std::string money_text(Language language, std::int64_t cents, const std::string& currency);

// A register date (YYYY-MM-DD) as the language writes it; the text itself if it is no date.
std::string date_text(Language language, const std::string& iso_date);

// A UTC time of the ledger ("2026-12-07T10:15:30.123Z") in this machine's time zone,
// "07-12-2026 11:15"; empty for empty.
std::string local_time_text(Language language, const std::string& utc_iso);

// What a send did, in words: "35 sent, 3 skipped, 2 invalid address" (the parts that are not
// zero); "0 sent" when nothing was done.
std::string send_summary(Language language, const SendSnapshot& snapshot);

// One invoice of the list as the templates show it: key, number, creditor, issued, due,
// debtor, recipients, total, outstanding, delivery (label, status), sent_at, payment (label,
// status), reminders, link.
kainjow::mustache::data shown_invoice(Language language, const ledger::RegisterRow& row,
                                      const receivables::Standing& standing);

} // namespace mailroom::console
