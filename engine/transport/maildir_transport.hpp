#pragma once

#include <engine/transport/transport.hpp>

#include <atomic>
#include <filesystem>
#include <string>

// A maildir as the mailbox, for trial runs and tests: each message becomes a file in new/,
// written to tmp/ first and renamed, so a reader never sees half a message.
//
// Files hold the message with LF line ends, the maildir convention (mail readers add CR when
// they send a message on); the envelope is not stored. The delivery's server_reply is the file
// name.

namespace mailroom::transport {

class MaildirTransport final : public Transport {
public:
  MaildirTransport(const std::string& mailbox_name, std::filesystem::path folder);

  Status check() override;
  Outcome send(const Envelope& envelope, std::string_view message) override;
  void close() override {}

private:
  Status create_folders();
  // A name no other delivery uses, per the maildir specification: time.MmicrosecondsPpidQcount.host
  std::string unique_name() const;
  Result<std::string> deliver(std::string_view bytes);

  std::string m_label;
  std::filesystem::path m_folder;
  std::string m_host;
  std::atomic<bool> m_folders_exist{false};
};

} // namespace mailroom::transport
