#pragma once

#include "smtp_endpoint.hpp"

#include <engine/transport/transport.hpp>

#include <exception>
#include <string>

// Turns what vmime threw into our words: a message naming the mailbox, the server and the
// server's reply, and for a send whether it may be retried.

namespace mailroom::transport {

// "cannot connect to host:port: <why>" (without the mailbox label). `last_reply` is the
// server's latest reply, for errors that do not carry it (a failed authentication).
std::string describe_connect_failure(const SmtpEndpoint& endpoint, const std::exception_ptr& error,
                                     const std::string& last_reply);

// Whether the end of the message data had gone out when the error came.
enum class DataState { NotSent, Sent };

// Whether the connection may carry the next message. Only a refusal at the final reply leaves
// client and server in step; after any other error (a pipelined RCPT refusal leaves replies
// unread), the connection is dropped.
enum class ConnectionState { Usable, Broken };

struct SendFailure {
  Failure failure;
  ConnectionState connection = ConnectionState::Broken;
};

SendFailure classify_send_failure(const SmtpEndpoint& endpoint, const std::exception_ptr& error,
                                  DataState data);

} // namespace mailroom::transport
