#include "outcome.hpp"

#include <engine/util/text.hpp>

namespace mailroom::pipeline {

std::string_view status_name(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::Sent:
      return "sent";
    case InvoiceStatus::Skipped:
      return "skipped";
    case InvoiceStatus::Failed:
      return "failed";
    case InvoiceStatus::InvalidAddress:
      return "invalid_address";
    case InvoiceStatus::Interrupted:
      return "interrupted";
    case InvoiceStatus::Prepared:
      return "prepared";
    case InvoiceStatus::Unknown:
      return "unknown";
  }
  return "failed";
}

void Counters::count(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::Sent:
      ++sent;
      break;
    case InvoiceStatus::Skipped:
      ++skipped;
      break;
    case InvoiceStatus::Failed:
      ++failed;
      break;
    case InvoiceStatus::InvalidAddress:
      ++invalid_address;
      break;
    case InvoiceStatus::Interrupted:
      ++interrupted;
      break;
    case InvoiceStatus::Prepared:
      ++prepared;
      break;
    case InvoiceStatus::Unknown:
      ++unknown;
      break;
  }
  ++done;
}

std::string summary_line(const Counters& counters, Documents documents) {
  const size_t done = counters.done;
  const std::string noun = documents == Documents::Reminders ? " reminder" : " invoice";
  std::string line =
    text::group_thousands(static_cast<long long>(done)) + noun + (done == 1 ? "" : "s");
  std::string parts;
  const auto add = [&](size_t count, std::string_view label) {
    if (count == 0) {
      return;
    }
    parts += (parts.empty() ? ": " : ", ") + text::group_thousands(static_cast<long long>(count)) +
             " " + std::string(label);
  };
  add(counters.sent, "sent");
  add(counters.prepared, "prepared (not sent)");
  add(counters.skipped, "skipped (already sent)");
  add(counters.invalid_address, "invalid address");
  add(counters.failed, "failed");
  add(counters.interrupted, "interrupted earlier (delivery unknown)");
  add(counters.unknown, "unknown (sent without a final reply from the server)");
  return line + parts;
}

bool all_done(const Counters& counters) {
  return counters.failed == 0 && counters.invalid_address == 0 && counters.interrupted == 0 &&
         counters.unknown == 0;
}

} // namespace mailroom::pipeline
