#include "list_query.hpp"
#include "pages.hpp"
#include "shown.hpp"

#include <engine/job/addresses.hpp>
#include <engine/util/text.hpp>

// Sending a selection, as the help pages of the back office describe it: step 1 the letterhead
// (the job's own choice preselected), step 2 how many invoices will go out, how many are skipped
// because they were sent before (unless "resend them too") and which have no valid address (named,
// with why), then Send. The send is `mailroom run` of the selection (send_run.cpp).

namespace mailroom::console {

namespace {

using kainjow::mustache::data;

// Larger selections are for `mailroom run`: a form would carry them in every step.
constexpr size_t k_largest_selection = 20000;

// The selection as hidden fields, for the next step.
data hidden_keys(const std::vector<InvoiceKey>& keys) {
  data list{data::type::list};
  for (const auto& key : keys) {
    list.push_back(data(invoice_key(key.creditor, key.number)));
  }
  return list;
}

// "on", "off" or "job", as the form sends it, into the run's choice.
std::optional<pipeline::LetterheadChoice> letterhead_choice(const std::string& value) {
  if (value == "on") {
    return pipeline::LetterheadChoice::Include;
  }
  if (value == "off") {
    return pipeline::LetterheadChoice::Omit;
  }
  if (value == "job" || value.empty()) {
    return pipeline::LetterheadChoice::JobDefault;
  }
  return std::nullopt;
}

// What "the job's own choice" means for this job, in words.
std::string job_letterhead_words(const PageInput& input) {
  const auto language = input.viewer.language;
  if (input.context.job.letterhead) {
    return text(language, *input.context.job.letterhead ? "letterhead_on" : "letterhead_off");
  }
  return text(language, "letterhead_each_company");
}

std::string letterhead_words(const PageInput& input, pipeline::LetterheadChoice choice) {
  const auto language = input.viewer.language;
  switch (choice) {
    case pipeline::LetterheadChoice::Include:
      return text(language, "letterhead_on");
    case pipeline::LetterheadChoice::Omit:
      return text(language, "letterhead_off");
    case pipeline::LetterheadChoice::JobDefault:
      break;
  }
  return job_letterhead_words(input);
}

// What steps 2 and 3 are asked for: the invoices and the letterhead.
struct SendChoice {
  std::vector<InvoiceKey> keys;
  pipeline::LetterheadChoice letterhead = pipeline::LetterheadChoice::JobDefault;
};

Response bad_selection(const PageInput& input, const Error& problem) {
  return message_page(input.viewer, 400, text(input.viewer.language, "send_digitally"),
                      problem.message);
}

// Where each selected invoice stands before the send: what will go out and what will not.
struct Review {
  data to_send{data::type::list};
  data already_sent{data::type::list};
  data held_back{data::type::list};
  data invalid{data::type::list};
  data missing{data::type::list};
  size_t to_send_count = 0;
  size_t already_sent_count = 0;
  size_t held_back_count = 0;
  size_t invalid_count = 0;
  size_t missing_count = 0;
};

Result<Review> review(const PageInput& input, const std::vector<InvoiceKey>& keys) {
  const auto language = input.viewer.language;
  auto& ledger = *input.context.ledger;
  Review found;
  const auto item = [&](const InvoiceKey& key, const std::string& detail) {
    data shown;
    shown.set("number", key.number);
    shown.set("creditor", key.creditor);
    shown.set("detail", detail);
    return shown;
  };
  for (const auto& key : keys) {
    const auto row = TRY(ledger.register_row(key.creditor, key.number));
    if (!row || row->invoice.facts.job != input.context.job.name) {
      found.missing.push_back(item(key, text(language, "not_in_job_files")));
      ++found.missing_count;
      continue;
    }
    const auto& facts = row->invoice.facts;
    if (row->delivery == ledger::State::Sent) {
      found.already_sent.push_back(
        item(key, text(language, "sent_at") + " " + local_time_text(language, row->sent_at)));
      ++found.already_sent_count;
      continue;
    }
    if (row->delivery == ledger::State::Unknown || row->delivery == ledger::State::Sending) {
      found.held_back.push_back(item(key, text(language, "delivery_unknown_note")));
      ++found.held_back_count;
      continue;
    }
    const auto& recipients =
      row->override_recipients.empty() ? facts.recipients : row->override_recipients;
    const auto addresses = job::split_addresses(recipients);
    if (addresses.valid.empty()) {
      std::vector<std::string> reasons;
      for (const auto& rejected : addresses.rejected) {
        reasons.push_back("\"" + rejected.address + "\": " + rejected.reason);
      }
      found.invalid.push_back(
        item(key, reasons.empty() ? text(language, "no_address") : text::join(reasons, "; ")));
      ++found.invalid_count;
      continue;
    }
    found.to_send.push_back(item(key, text::join(addresses.valid, "; ")));
    ++found.to_send_count;
  }
  return found;
}

} // namespace

// The invoices a form selected: its "invoice" keys, or every invoice its filter matches when it
// asks for all of them; an error a person can act on when there are none or too many.
Result<std::vector<InvoiceKey>> selected_invoices(const PageInput& input) {
  std::vector<InvoiceKey> keys;
  const auto language = input.viewer.language;
  if (input.request.parameter("all_matching") == "1") {
    const auto query = TRY(read_list_query(input.request));
    for (const auto& listed : TRY(read_matching(*input.context.ledger, query))) {
      keys.push_back({listed.row.invoice.facts.creditor, listed.row.invoice.facts.number});
      if (keys.size() > k_largest_selection) {
        break;
      }
    }
  } else {
    for (const auto& value : input.request.parameters_named("invoice")) {
      auto key = parse_invoice_key(value);
      if (!key) {
        return make_error("\"" + value + "\" is not an invoice of this console");
      }
      keys.push_back(std::move(*key));
    }
  }
  if (keys.empty()) {
    return make_error(text(language, "select_first"));
  }
  if (keys.size() > k_largest_selection) {
    return make_error(text(language, "selection_too_large"));
  }
  return keys;
}

namespace {

Result<SendChoice> read_send_choice(const PageInput& input) {
  SendChoice choice;
  choice.keys = TRY(selected_invoices(input));
  const auto letterhead = letterhead_choice(input.request.parameter("letterhead"));
  if (!letterhead) {
    return make_error("the letterhead is \"on\", \"off\" or \"job\"");
  }
  choice.letterhead = *letterhead;
  return choice;
}

} // namespace

Response send_letterhead_page(const PageInput& input) {
  const auto language = input.viewer.language;
  auto keys = selected_invoices(input);
  if (!keys) {
    return bad_selection(input, keys.error());
  }
  data values;
  values.set("invoices", hidden_keys(*keys));
  values.set("count", std::to_string(keys->size()));
  values.set("job_letterhead", job_letterhead_words(input));
  values.set("resend", input.request.parameter("resend") == "1");
  values.set("back", local_path(input.request.parameter("back")));
  return render_page(input.viewer, "send_letterhead", text(language, "send_digitally"),
                     std::move(values));
}

Response send_confirm_page(const PageInput& input) {
  const auto language = input.viewer.language;
  auto choice = read_send_choice(input);
  if (!choice) {
    return bad_selection(input, choice.error());
  }
  const auto& keys = choice->keys;
  const auto letterhead = choice->letterhead;
  auto found = review(input, keys);
  if (!found) {
    return message_page(input.viewer, 500, text(language, "error"), found.error().to_string());
  }
  data values;
  values.set("invoices", hidden_keys(keys));
  values.set("letterhead", input.request.parameter("letterhead"));
  values.set("letterhead_words", letterhead_words(input, letterhead));
  values.set("to_send", found->to_send);
  values.set("to_send_count", std::to_string(found->to_send_count));
  values.set("already_sent", found->already_sent);
  values.set("already_sent_count", std::to_string(found->already_sent_count));
  values.set("held_back", found->held_back);
  values.set("held_back_count", std::to_string(found->held_back_count));
  values.set("invalid", found->invalid);
  values.set("invalid_count", std::to_string(found->invalid_count));
  values.set("missing", found->missing);
  values.set("missing_count", std::to_string(found->missing_count));
  values.set("any_to_send", found->to_send_count > 0);
  values.set("any_held_back", found->held_back_count > 0);
  values.set("any_invalid", found->invalid_count > 0);
  values.set("any_missing", found->missing_count > 0);
  values.set("any_to_resend", found->already_sent_count + found->held_back_count > 0);
  values.set("resend", input.request.parameter("resend") == "1");
  values.set("nothing_to_send", found->to_send_count == 0 && found->already_sent_count == 0 &&
                                  found->held_back_count == 0);
  return render_page(input.viewer, "send_confirm", text(language, "send_digitally"),
                     std::move(values));
}

Response send_start(const PageInput& input) {
  const auto language = input.viewer.language;
  auto choice = read_send_choice(input);
  if (!choice) {
    return bad_selection(input, choice.error());
  }
  const auto& keys = choice->keys;
  const auto letterhead = choice->letterhead;
  if (const auto running = input.sends.snapshot(); running.state == SendState::Running) {
    return message_page(input.viewer, 409, text(language, "send_refused"),
                        text(language, "send_already_running") + " (" +
                          std::to_string(running.done) + " / " + std::to_string(running.total) +
                          ")");
  }
  pipeline::RunOptions options;
  options.selection.emplace();
  for (const auto& key : keys) {
    options.selection->add_invoice(key.creditor, key.number);
  }
  options.letterhead = letterhead;
  options.resending = input.request.parameter("resend") == "1" ? pipeline::Resending::ResendSent
                                                               : pipeline::Resending::SkipSent;
  if (auto started = input.sends.start(std::move(options)); !started) {
    return message_page(input.viewer, 409, text(language, "send_refused"), started.error().message);
  }
  return see_other("/send");
}

} // namespace mailroom::console
