#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <string_view>

// The one place where a command's lines to standard error (and `run`'s summary) are written: as
// text, as they have always read, or (`--log-format json`, for log shippers) as one JSON object a
// line with stable keys: time (UTC, ISO 8601, milliseconds), level, event, job and message on
// every line; invoice, creditor and status on an invoice's line; counts on progress and summary
// lines. No line carries a password or a mail's body: messages are our own words and the
// servers' replies.

namespace mailroom::log {

enum class Format { Text, Json };
enum class Level { Info, Warning, Error };

std::string_view level_name(Level level);

// One line of output.
struct Line {
  Level level = Level::Info;
  // What happened, in a word a shipper can filter on: "progress", "invoice", "problem",
  // "refused", "stopped", "summary", "warning", "metrics".
  std::string event;
  // The text line, exactly as the text format prints it ("error: ...", "mailroom: ...").
  std::string text;
  // The same words for the JSON line, without the text format's prefix.
  std::string message;
  // The job's name; empty: the one set with set_job.
  std::string job;
  // Of an invoice's (or reminder's) line; left out of the JSON line when empty.
  std::string invoice;
  std::string creditor;
  std::string status;
  // Further keys of the JSON line (counts), after the others.
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
};

// "error: <message>" in text, level error.
Line error(std::string event, std::string message);
// "warning: <message>" in text, level warning.
Line warning(std::string event, std::string message);
// "mailroom: <message>" in text, at `level`.
Line note(std::string event, std::string message, Level level = Level::Info);

// The process's format (Text unless the command line says otherwise) and the job its lines are
// about, set once before a command starts.
void set_format(Format format);
Format format();
void set_job(std::string name);

// Writes `line` to `stream` in the process's format, or in `format`; one line at a time, whatever
// the thread, flushed at once.
void write(const Line& line, std::FILE* stream = stderr);
void write_as(Format format, const Line& line, std::FILE* stream);

// The JSON line of `line` (without its newline), at the time now.
std::string json_text(const Line& line);

} // namespace mailroom::log
