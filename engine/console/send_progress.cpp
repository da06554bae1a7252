#include "pages.hpp"
#include "shown.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

// GET /send: how the send stands, made by the server (so a page opened again, in another tab or
// after the browser was closed, shows the send still running or how it ended), and kept moving by
// GET /send/events: Server-Sent Events pushed as the send goes on, a few a second at most, the
// last one when it ends.

namespace mailroom::console {

namespace {

using kainjow::mustache::data;

// How long an event stream stays quiet before it says it is still there (proxies and browsers
// close connections that stay silent for long).
constexpr std::chrono::seconds k_keep_alive{15};

nlohmann::json progress_json(const SendSnapshot& snapshot) {
  return {
    {"state", snapshot.state == SendState::Running    ? "running"
              : snapshot.state == SendState::Finished ? "finished"
                                                      : "idle"},
    {"total", snapshot.total},
    {"done", snapshot.done},
    {"sent", snapshot.sent},
    {"skipped", snapshot.skipped},
    {"failed", snapshot.failed},
    {"invalid_address", snapshot.invalid_address},
    {"unknown", snapshot.unknown},
    {"per_second", snapshot.per_second},
    {"refused", !snapshot.refusal.empty()},
  };
}

std::string rate_text(double per_second) {
  char written[32];
  std::snprintf(written, sizeof written, "%.1f", per_second);
  return written;
}

} // namespace

Response send_progress_page(const PageInput& input) {
  const auto language = input.viewer.language;
  const auto snapshot = input.sends.snapshot();
  data values;
  values.set("idle", snapshot.state == SendState::Idle);
  values.set("running", snapshot.state == SendState::Running);
  values.set("finished", snapshot.state == SendState::Finished);
  if (!snapshot.refusal.empty()) {
    values.set("refusal", snapshot.refusal); // Mustache takes any text, even empty, as true.
  }
  values.set("total", std::to_string(snapshot.total));
  values.set("done", std::to_string(snapshot.done));
  values.set("sent", std::to_string(snapshot.sent));
  values.set("skipped", std::to_string(snapshot.skipped));
  values.set("failed", std::to_string(snapshot.failed));
  values.set("invalid_address", std::to_string(snapshot.invalid_address));
  values.set("unknown", std::to_string(snapshot.unknown));
  values.set("per_second", rate_text(snapshot.per_second));
  values.set("started_at", local_time_text(language, snapshot.started_at));
  values.set("finished_at", local_time_text(language, snapshot.finished_at));
  values.set("summary", send_summary(language, snapshot));
  values.set("all_sent", snapshot.state == SendState::Finished && snapshot.refusal.empty() &&
                           snapshot.problems.empty() && snapshot.done == snapshot.total);
  data problems{data::type::list};
  for (const auto& problem : snapshot.problems) {
    data shown;
    shown.set("number", problem.number);
    shown.set("creditor", problem.creditor);
    shown.set("status", delivery_label(language, problem.status));
    shown.set("error", problem.error);
    shown.set("link", "/invoice?creditor=" + query_escape(problem.creditor) +
                        "&number=" + query_escape(problem.number));
    problems.push_back(shown);
  }
  values.set("problems", problems);
  values.set("any_problems", !snapshot.problems.empty());
  if (snapshot.more_problems > 0) {
    values.set("more_problems", std::to_string(snapshot.more_problems));
  }
  return render_page(input.viewer, "send_progress", text(language, "send_progress"),
                     std::move(values));
}

Response send_events(const PageInput& input) {
  Response response;
  response.content_type = "text/event-stream";
  add_safety_headers(response);
  // The stream's own state: the version last sent, and whether the first event went out.
  struct Stream {
    std::uint64_t version = 0;
    bool first = true;
  };
  auto stream = std::make_shared<Stream>();
  SendRuns* sends = &input.sends;
  response.events = [sends, stream](std::string& events) {
    if (sends->closing()) {
      return false;
    }
    const auto snapshot =
      stream->first
        ? sends->snapshot()
        : sends->wait_for_change(stream->version,
                                 std::chrono::milliseconds(std::chrono::seconds(k_keep_alive)));
    if (!stream->first && snapshot.version == stream->version) {
      events += ": still here\n\n";
      return true;
    }
    stream->first = false;
    stream->version = snapshot.version;
    const bool over = snapshot.state != SendState::Running;
    events += std::string("event: ") + (over ? "finished" : "progress") +
              "\ndata: " + progress_json(snapshot).dump() + "\n\n";
    return !over;
  };
  return response;
}

} // namespace mailroom::console
