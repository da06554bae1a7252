#include "message_stream.hpp"

#include <algorithm>
#include <cstring>

namespace mailroom::transport {

MessageStream::MessageStream(std::string_view bytes)
  : m_bytes(bytes)
  , m_leading_dot_pending(needs_leading_dot()) {}

bool MessageStream::needs_leading_dot() const {
  // vmime doubles a leading dot itself only when CR or LF follows it.
  return m_bytes.starts_with('.') &&
         (m_bytes.size() == 1 || (m_bytes[1] != '\r' && m_bytes[1] != '\n'));
}

bool MessageStream::eof() const {
  return !m_leading_dot_pending && m_position >= m_bytes.size();
}

void MessageStream::reset() {
  m_position = 0;
  m_leading_dot_pending = needs_leading_dot();
}

size_t MessageStream::read(vmime::byte_t* const data, const size_t count) {
  if (count == 0) {
    return 0;
  }
  size_t written = 0;
  if (m_leading_dot_pending) {
    data[0] = '.';
    written = 1;
    m_leading_dot_pending = false;
  }
  size_t length = std::min(count - written, m_bytes.size() - m_position);
  const bool is_last_block = m_position + length == m_bytes.size();
  if (!is_last_block) {
    size_t shortened = length;
    while (shortened > 0 && m_bytes[m_position + shortened - 1] == '.') {
      --shortened;
    }
    // FIXME: a block made only of dots (a line of more dots than vmime's block size, 16 KB)
    // still goes whole, and may gain a dot.
    if (shortened > 0) {
      length = shortened;
    }
  }
  std::memcpy(data + written, m_bytes.data() + m_position, length);
  m_position += length;
  return written + length;
}

size_t MessageStream::skip(const size_t count) {
  // vmime never skips in what it sends; the added dot is not part of what a caller could skip.
  const size_t skipped = std::min(count, m_bytes.size() - m_position);
  m_position += skipped;
  return skipped;
}

size_t MessageStream::getBlockSize() {
  return 65536;
}

std::string_view data_for_vmime(std::string_view message) {
  if (message.ends_with("\r\n")) {
    message.remove_suffix(2);
  }
  return message;
}

} // namespace mailroom::transport
