#pragma once

#include <engine/steps/journey.hpp>

// The journey of an invoice through each command, step by step: the whole of what a command does
// with one invoice. Each step is in the file of its name.

namespace mailroom::steps {

// `mailroom run`: the register keeps its facts; the ledger decides whether it goes out at all; the
// PDF is in the archive before a byte of the mail goes out (on disk with the archive's next group
// sync, its SHA-256 in the ledger until then); marked `sending` before, `sent` after the 250.
inline constexpr Step k_send_route[] = {
  record_facts,     // into the register; refused if issued before with other facts
  check_ledger,     // skipped if sent before; held back if its delivery is unknown
  pick_recipients,  // no valid address: invalid address, recorded, not sent
  take_turn,        // its mailbox's pace: now, or held back until the others are done
  render_pdf,       // on the creditor's letterhead
  start_archiving,  // the disk writes the PDF...
  compose_mail,     // ...while the mail is built...
  finish_archiving, // ...and it is in the archive before anything goes out
  send_mail,        // marked sending, sent (retried), marked sent
};

// `mailroom run`, before it sends: the PDFs that went out but that a crash took from the archive
// before its group sync (commands/verify_archive.cpp), rendered again and put back only if they
// are byte for byte the PDFs that went out.
inline constexpr Step k_restore_route[] = {render_pdf, restore_archived_pdf};

// `mailroom run --dry-run`: everything up to the mail, nothing written, sent or recorded; what the
// register would refuse is said.
inline constexpr Step k_dry_run_route[] = {check_facts, pick_recipients, render_pdf, compose_mail};

// `mailroom remind`: a payment reminder is a document of its own, with the invoice's guarantees:
// sent once per level (in any job), marked sending before and sent after the 250, its letter in
// the archive before it goes out, together with the invoice exactly as it was sent.
inline constexpr Step k_remind_route[] = {
  check_reminder,   // skipped if this level went out before; held back if its delivery is unknown
  pick_recipients,  // the addresses the invoice was sent to
  attach_invoice,   // the invoice's PDF from the archive, as the register's SHA-256 says
  take_turn,        // its mailbox's pace: now, or held back until the others are done
  render_reminder,  // the letter on the creditor's letterhead
  start_archiving,  // the disk writes the letter...
  compose_reminder, // ...while the mail is built...
  finish_archiving, // ...and it is on disk before anything goes out
  send_mail,        // marked sending, sent (retried), marked sent
};

// `mailroom remind --dry-run`: every reminder built as it would go out, the ledger read as a real
// run reads it; nothing written or sent.
inline constexpr Step k_remind_dry_run_route[] = {check_reminder, pick_recipients, attach_invoice,
                                                  render_reminder, compose_reminder};

// `mailroom render`: the PDFs only, into a folder.
inline constexpr Step k_render_route[] = {render_pdf, write_pdf};

// `mailroom validate`: the rules `run` applies before it renders, nothing made or written.
inline constexpr Step k_validate_route[] = {check_facts, pick_recipients};

} // namespace mailroom::steps
