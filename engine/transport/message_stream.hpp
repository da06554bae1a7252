#pragma once

#include <vmime/utility/inputStream.hpp>

#include <string_view>

// Hands the message bytes to vmime without copying them, working around two faults of vmime
// 0.9.2's dot-stuffing filter (dotFilteredOutputStream), so the server receives exactly our
// bytes:
// - When a block it is given ends with '.' and the next starts with CR or LF, it inserts a
//   second dot, turning "Thanks.\r\n" into "Thanks..\r\n" whenever a block boundary falls after
//   the dot. So no block we return ends with '.' unless it is the last one.
// - It does not double a dot at the very start of the message unless CR or LF follows, so the
//   server would drop it. So we add that dot ourselves, ahead of the message.

namespace mailroom::transport {

class MessageStream final : public vmime::utility::inputStream {
public:
  explicit MessageStream(std::string_view bytes);

  bool eof() const override;
  void reset() override;
  size_t read(vmime::byte_t* const data, const size_t count) override;
  size_t skip(const size_t count) override;
  size_t getBlockSize() override;

private:
  bool needs_leading_dot() const;

  std::string_view m_bytes;
  size_t m_position = 0;
  bool m_leading_dot_pending = false;
};

// What vmime should send as message data: vmime always ends the data with "\r\n.\r\n", so a
// final CRLF of ours would arrive as an extra empty line. Without it the server receives exactly
// the bytes we were given.
std::string_view data_for_vmime(std::string_view message);

} // namespace mailroom::transport
