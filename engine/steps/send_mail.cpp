#include <engine/pipeline/stop.hpp>
#include <engine/steps/journey.hpp>
#include <engine/util/text.hpp>
#include <engine/util/time.hpp>

#include <algorithm>
#include <chrono>
#include <random>

// Sends the invoice: marked `sending` durably before the first byte goes out, `sent` only after
// the server's final 250, and tried again after temporary failures as the mailbox's retry policy
// allows.
//
// The retry loop lives here rather than inside Transport::send() because every attempt is a new
// message (a new Message-ID) that the ledger must mark as sending, durably, before it goes out:
// the transport knows neither messages nor the ledger. The price is that a pipeline thread sleeps
// through the backoff; the other threads keep sending meanwhile, and the number of invoices in
// flight is bounded anyway. A deferred invoice is recorded as `failed` between attempts, so a run
// killed during the backoff leaves it to be sent by the next run.

namespace mailroom::steps {

namespace {

std::string milliseconds_text(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

// A random number in [0, 1) for the jitter of a backoff; each thread draws from its own engine.
double jitter() {
  thread_local std::minstd_rand engine(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

bool contains(const std::vector<std::string>& addresses, const std::string& address) {
  return std::find(addresses.begin(), addresses.end(), address) != addresses.end();
}

// The attempts of one invoice, and what they have learnt so far.
class Attempts {
public:
  Attempts(Journey& journey, transport::Transport& transport)
    : m_journey(journey)
    , m_transport(transport)
    , m_first_try(std::chrono::steady_clock::now()) {}

  Next send() {
    for (unsigned attempt = 1;; ++attempt) {
      if (try_once(attempt) == Next::Done) {
        return Next::Done;
      }
    }
  }

private:
  // One attempt: Done when the invoice's journey ends with it, GoOn for another attempt.
  Next try_once(unsigned attempt) {
    auto& journey = m_journey;
    // Invoices read before a stop request but not yet on the wire stay unsent; recorded as
    // failed, they go out with the next run.
    if (pipeline::stop_requested()) {
      return abandon(journey, attempt, "the run was stopped before it went out",
                     "; the next run sends it");
    }
    if (auto reason = m_transport.unreachable()) {
      return abandon(journey, attempt,
                     "the mailbox was given up for the rest of this run after " + *reason);
    }
    if (attempt > 1) {
      if (auto rebuilt = rebuild(attempt); !rebuilt) {
        return journey.fail_and_record("building the mail: " + rebuilt.error().to_string());
      }
    }
    // The mailbox's pace: a retry waits for a turn of its own (the first try took one in
    // take_turn), and no more than max_per_run go out.
    auto* pacer = m_transport.pacer();
    std::optional<transport::SendStart> start;
    if (pacer != nullptr) {
      auto turn =
        attempt > 1 ? pacer->take_turn(transport::WhenPaced::Wait) : transport::Turn::Taken;
      if (turn == transport::Turn::Taken) {
        start = pacer->start_send();
        turn = start->turn;
        if (turn != transport::Turn::Taken) {
          start.reset();
        }
      }
      if (turn == transport::Turn::Stopped) {
        return abandon(journey, attempt, "the run was stopped before it went out",
                       "; the next run sends it");
      }
      if (turn == transport::Turn::LimitReached) {
        return max_per_run_reached(journey, *pacer, attempt);
      }
    }
    const auto& message = *journey.message;
    const auto resend = journey.context.options.resending == pipeline::Resending::ResendSent
                          ? ledger::Resend::Requested
                          : ledger::Resend::Refused;
    // Every earlier attempt of this journey marked it once: what the ledger must still say, unless
    // another run marked it meanwhile.
    const int expected_attempts = journey.earlier_attempts + static_cast<int>(attempt) - 1;
    auto marked = journey.book.mark_sending(
      ledger::SendingRecord{journey.context.job.name, journey.document, journey.invoice.creditor,
                            journey.entry.recipients, journey.entry.message_id, journey.pdf_sha256,
                            resend, expected_attempts, journey.archive_copy});
    if (!marked) {
      if (start) {
        pacer->finish_send(*start, transport::Outcome{});
      }
      // The mark may be committed though not synced (the sync failed): recorded as failed, the
      // invoice goes out with the next run instead of showing as interrupted.
      return abandon(journey, attempt, "ledger: " + marked.error().to_string());
    }
    if (*marked == ledger::Claim::TakenByAnotherRun) {
      if (start) {
        pacer->finish_send(*start, transport::Outcome{});
      }
      return left_to_another_run();
    }
    if (journey.archive_copy == ledger::ArchiveCopy::NotYetSynced) {
      journey.context.archive_sync->written(journey.document);
    }
    // Kept apart from the mailbox's previous message right before it goes out, after the mark
    // (whose sync takes its own time): what the server sees is the pace.
    if (start && pacer->space_send(*start) == transport::Turn::Stopped) {
      pacer->finish_send(*start, transport::Outcome{});
      return give_up("stopped before it went out; the next run sends it", transport::Failure{});
    }
    transport::Envelope envelope{message.envelope_sender, {}};
    for (const auto& recipient : message.envelope_recipients) {
      if (!contains(m_refused, recipient)) {
        envelope.recipients.push_back(recipient);
      }
    }
    const auto sending = std::chrono::steady_clock::now();
    const auto outcome = m_transport.send(envelope, message.bytes);
    journey.entry.send_seconds.push_back(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sending).count());
    if (start) {
      if (auto slowed = pacer->finish_send(*start, outcome); slowed && journey.context.notice) {
        journey.context.notice(*slowed);
      }
    }
    if (outcome.delivered()) {
      return delivered(*outcome.delivery);
    }
    switch (outcome.failure.kind) {
      case transport::FailureKind::Unknown:
        return unknown(outcome.failure);
      case transport::FailureKind::Permanent:
        return refused(outcome.failure);
      case transport::FailureKind::Temporary:
        return deferred(attempt, outcome.failure);
    }
    return deferred(attempt, outcome.failure);
  }

  // Another run marked the invoice first (workers given overlapping shards): it sends it and
  // records the outcome; this run leaves the record alone.
  Next left_to_another_run() {
    auto& entry = m_journey.entry;
    entry.status = pipeline::InvoiceStatus::Skipped;
    entry.error = "another run marked it as sending first (are two workers running the same "
                  "shard?); that run sends it and records what becomes of it";
    return Next::Done;
  }

  // A new attempt is a new message: the Message-ID tells the attempts apart.
  Status rebuild(unsigned attempt) {
    auto& journey = m_journey;
    auto& input = journey.mail_input;
    input.message_id = mail::make_message_id(journey.context.job.name, journey.document,
                                             journey.earlier_attempts + static_cast<int>(attempt),
                                             input.mailbox->from_address);
    input.date = time::now();
    journey.message.emplace(TRY(mail::build_message(input)));
    journey.entry.message_id = journey.message->message_id;
    return Ok{};
  }

  Next delivered(const transport::Delivery& delivery) {
    auto& entry = m_journey.entry;
    entry.sent_at = time::to_iso8601(delivery.accepted_at);
    m_refused.insert(m_refused.end(), delivery.refused_recipients.begin(),
                     delivery.refused_recipients.end());
    if (!m_refused.empty()) {
      entry.error += (entry.error.empty() ? "" : "; ") + std::string("refused by the server: ") +
                     text::join(m_refused, "; ");
    }
    m_journey.book.mark_sent(entry, entry.sent_at, delivery.server_reply);
    entry.status = pipeline::InvoiceStatus::Sent;
    return Next::Done;
  }

  // Never counted as sent, never sent again by itself: see ledger::State::Unknown.
  Next unknown(const transport::Failure& failure) {
    auto& entry = m_journey.entry;
    entry.status = pipeline::InvoiceStatus::Unknown;
    entry.error = failure.message;
    m_journey.book.mark_unknown(entry, failure.message, failure.server_reply);
    return Next::Done;
  }

  // One refused recipient of several: the others still get the invoice, as Postfix would deliver
  // to them. Not when only the Bcc copies would be left.
  Next refused(const transport::Failure& failure) {
    auto& journey = m_journey;
    const auto& recipient = failure.refused_recipient;
    if (!recipient.empty() && !contains(m_refused, recipient)) {
      m_refused.push_back(recipient);
      const auto& to = journey.mail_input.to;
      const bool debtor_left = std::any_of(to.begin(), to.end(), [&](const std::string& address) {
        return !contains(m_refused, address);
      });
      if (debtor_left) {
        // Recorded for the history; the next attempt marks it as sending again at once.
        journey.book.mark_failed(journey.entry,
                                 "recipient refused, sending to the others: " + failure.message,
                                 failure.server_reply);
        return Next::GoOn;
      }
    }
    journey.fail(failure.message);
    journey.book.mark_failed(journey.entry, failure.message, failure.server_reply);
    return Next::Done;
  }

  // A temporary failure: wait and try again while the budget lasts.
  Next deferred(unsigned attempt, const transport::Failure& failure) {
    auto& journey = m_journey;
    const auto& policy = m_transport.retry_policy();
    const auto delay = transport::backoff_delay(policy, attempt, jitter());
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - m_first_try);
    const bool budget_left = attempt < policy.max_attempts && elapsed + delay <= policy.retry_for;
    if (!budget_left || pipeline::stop_requested()) {
      const std::string why =
        pipeline::stop_requested()
          ? "stopped before trying again"
          : "gave up after " + std::to_string(attempt) + (attempt == 1 ? " attempt" : " attempts");
      if (!pipeline::stop_requested() && failure.scope == transport::FailureScope::Mailbox) {
        m_transport.mark_unreachable(why + " on " + journey.document + ": " + failure.message);
      }
      return give_up(why + ": " + failure.message, failure);
    }
    journey.book.mark_failed(journey.entry,
                             "deferred: attempt " + std::to_string(attempt) + " of " +
                               std::to_string(policy.max_attempts) + " failed, trying again in " +
                               milliseconds_text(delay) + ": " + failure.message,
                             failure.server_reply);
    if (!pipeline::sleep_unless_stopped(delay)) {
      return give_up("stopped before trying again: " + failure.message, failure);
    }
    return Next::GoOn;
  }

  Next give_up(std::string error, const transport::Failure& failure) {
    m_journey.fail(std::move(error));
    m_journey.book.mark_failed(m_journey.entry, m_journey.entry.error, failure.server_reply);
    return Next::Done;
  }

  Journey& m_journey;
  transport::Transport& m_transport;
  const std::chrono::steady_clock::time_point m_first_try;
  std::vector<std::string> m_refused; // Recipients the server refused, left out of later tries.
};

} // namespace

// An invoice whose earlier delivery is unknown keeps its state: recorded as failed, a later run
// would send it without being asked.
Next abandon(Journey& journey, unsigned attempt, const std::string& reason,
             std::string_view next_step) {
  if (const auto unknown = LedgerBook::maybe_delivered(journey.earlier_state);
      attempt == 1 && unknown) {
    journey.entry.status = *unknown;
    journey.entry.error = "not resent: " + reason + "; its earlier delivery is still unknown";
    return Next::Done;
  }
  return journey.fail_and_record("not sent: " + reason + std::string(next_step));
}

Next send_mail(Journey& journey) {
  auto* transport = journey.context.transport_for(journey.creditor);
  if (transport == nullptr) {
    const auto& creditor = journey.creditor;
    const std::string why =
      journey.reminder != nullptr
        ? "no reminder of " + creditor.id +
            " was due when the run started (was a payment or bank statement recorded during the "
            "run?)"
        : "no invoice of " + creditor.id +
            " was in the job when the run started (was an invoice file changed during the run?)";
    return abandon(journey, 1, "its mailbox \"" + creditor.mailbox + "\" was not opened: " + why,
                   journey.reminder != nullptr ? "; run `mailroom remind` again to send it"
                                               : "; run the job again to send it");
  }
  journey.entry.mailbox = journey.creditor.mailbox;
  return Attempts(journey, *transport).send();
}

} // namespace mailroom::steps
