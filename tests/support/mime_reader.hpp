#pragma once

#include <optional>
#include <string>
#include <vector>

// Reads a generated message back with vmime's parser, so tests can check what a mail reader (or
// an SMTP server) gets. Test code: throws std::runtime_error on a message it cannot read.

namespace mailroom::testing {

struct ParsedMessage {
  std::string from;                      // Address only.
  std::string from_name;                 // Display name decoded to UTF-8, empty if none.
  std::string subject;                   // Decoded to UTF-8.
  std::string message_id;                // Without angle brackets.
  std::string date;                      // The header value as written.
  std::string reply_to;                  // Address only; empty if there is no Reply-To.
  std::vector<std::string> to;           // Addresses.
  std::vector<std::string> header_names; // Top-level header fields in order, as written.
  std::string text_body;                 // Decoded, line ends turned into "\n".
  std::optional<std::string> html_body;  // Decoded, line ends turned into "\n".

  struct Attachment {
    std::string filename;
    std::string content_type; // "application/pdf".
    std::string bytes;        // Decoded.
  };
  std::vector<Attachment> attachments;

  std::string header_section; // The raw header lines up to the blank line, with their line ends.

  // The value of the first top-level field called `name` (case-insensitive) exactly as it was
  // written, still encoded, with folding undone; empty if there is no such field.
  std::string raw_header(const std::string& name) const;
};

ParsedMessage parse_message(const std::string& raw);

} // namespace mailroom::testing
