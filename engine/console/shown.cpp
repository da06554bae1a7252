#include "shown.hpp"

#include "page.hpp"
#include "pages.hpp"

#include <engine/job/format.hpp>
#include <engine/receivables/invoice_filter.hpp>
#include <engine/util/time.hpp>

#include <cstdio>
#include <ctime>

namespace mailroom::console {

std::string delivery_label(Language language, std::string_view status) {
  return text(language, "status_" + std::string(status));
}

std::string money_text(Language language, std::int64_t cents, const std::string& currency) {
  return job::format::money(job::Money{cents}, currency, language);
}

std::string date_text(Language language, const std::string& iso_date) {
  const auto date = time::parse_date(iso_date);
  return date ? job::format::date(*date, language) : iso_date;
}

std::string local_time_text(Language language, const std::string& utc_iso) {
  std::tm utc{};
  int year = 0;
  int month = 0;
  if (std::sscanf(utc_iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &utc.tm_mday,
                  &utc.tm_hour, &utc.tm_min, &utc.tm_sec) != 6) {
    return utc_iso;
  }
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  const std::time_t moment = timegm(&utc);
  std::tm local{};
  if (localtime_r(&moment, &local) == nullptr) {
    return utc_iso;
  }
  char written[32];
  const char* format = language == Language::Dutch ? "%d-%m-%Y %H:%M" : "%Y-%m-%d %H:%M";
  std::strftime(written, sizeof written, format, &local);
  return written;
}

std::string send_summary(Language language, const SendSnapshot& snapshot) {
  std::string summary;
  const auto part = [&](size_t count, const char* key) {
    if (count > 0) {
      summary += (summary.empty() ? "" : ", ") + std::to_string(count) + " " + text(language, key);
    }
  };
  part(snapshot.sent, "status_sent");
  part(snapshot.skipped, "skipped");
  part(snapshot.invalid_address, "status_invalid_address");
  part(snapshot.failed, "status_failed");
  part(snapshot.unknown, "status_unknown");
  return summary.empty() ? "0 " + text(language, "status_sent") : summary;
}

kainjow::mustache::data shown_invoice(Language language, const ledger::RegisterRow& row,
                                      const receivables::Standing& standing) {
  const auto& facts = row.invoice.facts;
  kainjow::mustache::data shown;
  shown.set("key", invoice_key(facts.creditor, facts.number));
  shown.set("number", facts.number);
  shown.set("creditor", facts.creditor);
  shown.set("issued", date_text(language, facts.issue_date));
  shown.set("due", date_text(language, facts.due_date));
  shown.set("debtor", facts.debtor_name);
  shown.set("recipients", facts.recipients);
  shown.set("total", money_text(language, facts.total_cents, facts.currency));
  shown.set("outstanding", money_text(language, standing.outstanding_cents, facts.currency));
  const std::string delivery(receivables::delivery_status_name(row.delivery));
  shown.set("delivery", delivery_label(language, delivery));
  shown.set("delivery_status", delivery);
  shown.set("sent_at", local_time_text(language, row.sent_at));
  std::string payment(receivables::payment_status_name(standing.status));
  std::string payment_label = text(language, "payment_" + payment);
  if (standing.overdue == receivables::Overdue::Yes) {
    payment = "overdue";
    payment_label +=
      ", " + std::to_string(standing.days_overdue) + " " + text(language, "days_late");
  }
  shown.set("payment", payment_label);
  shown.set("payment_status", payment);
  shown.set("reminders", std::to_string(row.reminders_sent));
  shown.set("link", "/invoice?creditor=" + query_escape(facts.creditor) +
                      "&number=" + query_escape(facts.number));
  return shown;
}

} // namespace mailroom::console
