#include "ledger_book.hpp"

namespace mailroom::steps {

using pipeline::InvoiceStatus;
using pipeline::ReportEntry;
using pipeline::Resending;

void note_unrecorded(ReportEntry& entry, const Status& recorded) {
  if (!recorded) {
    entry.error += " (and the ledger could not record it: " + recorded.error().to_string() + ")";
  }
}

Result<std::optional<ledger::Entry>> LedgerBook::find(std::string_view number) const {
  if (m_ledger == nullptr) {
    return std::optional<ledger::Entry>();
  }
  return m_ledger->find(m_job, number);
}

Result<ledger::RegistrationResult> LedgerBook::record_facts(
  const ledger::InvoiceFacts& facts) const {
  if (m_ledger == nullptr) {
    return ledger::RegistrationResult{};
  }
  return m_ledger->record_facts(facts);
}

std::optional<InvoiceStatus> LedgerBook::maybe_delivered(std::optional<ledger::State> state) {
  if (state == ledger::State::Sending) {
    return InvoiceStatus::Interrupted;
  }
  if (state == ledger::State::Unknown) {
    return InvoiceStatus::Unknown;
  }
  return std::nullopt;
}

Result<std::optional<ledger::RegisteredInvoice>> LedgerBook::find_invoice(
  std::string_view creditor, std::string_view number) const {
  if (m_reader == nullptr) {
    return std::optional<ledger::RegisteredInvoice>();
  }
  return m_reader->find_invoice(creditor, number);
}

Result<std::optional<ledger::RecipientOverride>> LedgerBook::recipient_override(
  std::string_view creditor, std::string_view number) const {
  if (m_reader == nullptr) {
    return std::optional<ledger::RecipientOverride>();
  }
  return m_reader->recipient_override(creditor, number);
}

Result<std::vector<ledger::Entry>> LedgerBook::deliveries_in_any_job(
  std::string_view creditor, std::string_view document) const {
  if (m_reader == nullptr) {
    return std::vector<ledger::Entry>();
  }
  return m_reader->deliveries_of(creditor, document);
}

EarlierRecord LedgerBook::judge_earlier(const ledger::Entry& known, Resending resending,
                                        ReportEntry& entry) const {
  const bool resend = resending == Resending::ResendSent;
  const bool resend_unknown = resend || resending == Resending::ResendUnknown;
  if (known.state == ledger::State::Sent && !resend) {
    entry.status = InvoiceStatus::Skipped;
    entry.recipients = known.recipients;
    entry.sent_at = known.sent_at;
    entry.message_id = known.message_id;
    return EarlierRecord::LeftAlone;
  }
  const auto unknown_delivery = maybe_delivered(known.state);
  if (!unknown_delivery || resend_unknown) {
    return EarlierRecord::GoesOut;
  }
  entry.status = *unknown_delivery;
  entry.recipients = known.recipients;
  entry.message_id = known.message_id;
  const std::string attempt = "attempt " + std::to_string(known.attempts) + ", " + known.updated_at;
  const std::string what =
    *unknown_delivery == InvoiceStatus::Interrupted
      ? "an earlier run stopped while sending this invoice (" + attempt + ")"
      : "an earlier run sent this invoice but the server never confirmed it (" + attempt + ": " +
          known.error + ")";
  entry.error = what + ": it may or may not have been delivered; check the mailbox and use "
                       "--resend-unknown to send it again";
  return EarlierRecord::LeftAlone;
}

Result<ledger::Claim> LedgerBook::mark_sending(const ledger::SendingRecord& record) const {
  if (m_ledger == nullptr) {
    return ledger::Claim::Won;
  }
  return m_ledger->mark_sending(record);
}

void LedgerBook::mark_sent(ReportEntry& entry, std::string_view sent_at,
                           std::string_view server_reply) const {
  if (m_ledger == nullptr) {
    return;
  }
  if (auto recorded = m_ledger->mark_sent(m_job, entry.number, sent_at, server_reply); !recorded) {
    // The server has the message: it counts as sent, but the entry says the ledger lost it.
    entry.error += (entry.error.empty() ? "" : "; ") +
                   std::string("sent, but the ledger could not record it: ") +
                   recorded.error().to_string();
  }
}

void LedgerBook::mark_failed(ReportEntry& entry, std::string_view error,
                             std::string_view server_reply) const {
  if (m_ledger == nullptr) {
    return;
  }
  note_unrecorded(entry,
                  m_ledger->mark_failed(m_job, entry.number, entry.creditor, error, server_reply));
}

void LedgerBook::mark_unknown(ReportEntry& entry, std::string_view error,
                              std::string_view server_reply) const {
  if (m_ledger == nullptr) {
    return;
  }
  note_unrecorded(entry, m_ledger->mark_unknown(m_job, entry.number, error, server_reply));
}

void LedgerBook::mark_invalid_address(ReportEntry& entry, std::string_view emails) const {
  if (m_ledger == nullptr) {
    return;
  }
  note_unrecorded(entry, m_ledger->mark_invalid_address(m_job, entry.number, entry.creditor, emails,
                                                        entry.error));
}

void LedgerBook::record_failure(ReportEntry& entry) const {
  if (m_ledger == nullptr) {
    return;
  }
  std::string key = entry.number.empty() ? entry.source : entry.number;
  if (auto existing = m_ledger->find(m_job, key);
      existing && *existing && (*existing)->state == ledger::State::Sent) {
    key += "@" + entry.source;
  }
  note_unrecorded(entry, m_ledger->mark_failed(m_job, key, entry.creditor, entry.error));
}

} // namespace mailroom::steps
