#include "smtp_failure.hpp"

#include <engine/util/text.hpp>

#include <vmime/exception.hpp>
#include <vmime/net/smtp/SMTPExceptions.hpp>
#include <vmime/security/cert/certificateException.hpp>
#include <vmime/security/cert/serverIdentityException.hpp>

namespace mailroom::transport {

namespace {

using vmime::net::smtp::SMTPCommandError;

// "554 5.7.1 Rejected" from a command error; vmime keeps the code apart from the text, and
// joins the lines of a multi-line reply with "\n".
std::string reply_of(const SMTPCommandError& error) {
  std::string reply = std::to_string(error.statusCode());
  const std::string text = text::replace_all(error.response(), "\n", " ");
  if (!text.empty()) {
    reply += ' ' + text;
  }
  return reply;
}

// "MAIL", "RCPT", "DATA", "RSET", "STARTTLS": never more, as a command may carry credentials.
std::string verb_of(const std::string& command) {
  return command.substr(0, command.find_first_of(" :"));
}

// The address between the angle brackets of "RCPT TO:<bob@example.com>".
std::string address_in(const std::string& command) {
  const auto open = command.find('<');
  const auto close = command.find('>', open);
  if (open == std::string::npos || close == std::string::npos) {
    return {};
  }
  return command.substr(open + 1, close - open - 1);
}

std::string milliseconds(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

std::string what_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& exception) {
    return exception.what();
  } catch (...) {
    return "unknown error";
  }
}

SendFailure refused(const SmtpEndpoint& endpoint, const SMTPCommandError& error, DataState data) {
  const int code = error.statusCode();
  const std::string verb = verb_of(error.command());
  FailureKind kind = FailureKind::Temporary;
  if (code >= 500 && code < 600 && verb != "RSET") {
    kind = FailureKind::Permanent;
  } else if ((code < 400 || code >= 600) && data == DataState::Sent) {
    kind = FailureKind::Unknown;
  }
  SendFailure failure;
  std::string what;
  if (verb == "MAIL") {
    what = "refused the sender " + address_in(error.command());
  } else if (verb == "RCPT") {
    what = "refused the recipient " + address_in(error.command());
    failure.failure.refused_recipient = address_in(error.command());
  } else if (verb == "DATA" && data == DataState::Sent) {
    what = "rejected the message";
  } else if (verb == "DATA") {
    what = "refused to take the message data";
  } else {
    what = "refused " + verb;
  }
  failure.failure.kind = kind;
  failure.failure.server_reply = reply_of(error);
  // 421: the server is closing the connection, which says more about it than about the message.
  failure.failure.scope = code == 421 ? FailureScope::Mailbox : FailureScope::Message;
  failure.failure.message =
    endpoint.label() + ": " + endpoint.address() + " " + what + ": " + reply_of(error);
  failure.connection = data == DataState::Sent ? ConnectionState::Usable : ConnectionState::Broken;
  return failure;
}

} // namespace

std::string describe_connect_failure(const SmtpEndpoint& endpoint, const std::exception_ptr& error,
                                     const std::string& last_reply) {
  const std::string prefix = "cannot connect to " + endpoint.address() + ": ";
  // A refusal (4xx, 5xx) says more than vmime's "Authentication error."; anything else (the
  // EHLO reply, when no mechanism fits) says less.
  const bool server_refused = last_reply.starts_with('4') || last_reply.starts_with('5');
  const auto authentication_failed = [&](const std::string& detail) {
    return prefix + "authentication failed: " +
           (server_refused ? text::replace_all(last_reply, "\n", " ") : detail);
  };
  try {
    std::rethrow_exception(error);
  } catch (const SMTPCommandError& refusal) {
    if (verb_of(refusal.command()) == "STARTTLS") {
      return prefix + "the server does not offer STARTTLS, which this mailbox requires (" +
             reply_of(refusal) + ")";
    }
    return prefix + "the server refused " + verb_of(refusal.command()) + ": " + reply_of(refusal);
  } catch (const vmime::exceptions::connection_greeting_error& greeting) {
    return prefix + "unexpected greeting: " + greeting.response();
  } catch (const vmime::exceptions::authentication_error& authentication) {
    return authentication_failed(authentication.response());
  } catch (const vmime::exceptions::authentication_exception& authentication) {
    return authentication_failed(authentication.what());
  } catch (const vmime::security::cert::serverIdentityException&) {
    return prefix + "the server's TLS certificate is not valid for " + endpoint.url.host;
  } catch (const vmime::security::cert::certificateException& certificate) {
    return prefix + "the server's TLS certificate was not accepted: " + certificate.what() +
           " (a private certificate authority can be named with ca_file)";
  } catch (const vmime::exceptions::tls_exception& tls) {
    return prefix + "TLS failed: " + tls.what();
  } catch (const vmime::exceptions::operation_timed_out&) {
    return prefix + "no reply within " + milliseconds(endpoint.timeouts.idle);
  } catch (const std::exception& other) {
    return prefix + other.what();
  } catch (...) {
    return prefix + "unknown error";
  }
}

SendFailure classify_send_failure(const SmtpEndpoint& endpoint, const std::exception_ptr& error,
                                  DataState data) {
  const std::string server = endpoint.address();
  try {
    std::rethrow_exception(error);
  } catch (const SMTPCommandError& refusal) {
    return refused(endpoint, refusal, data);
  } catch (const vmime::net::smtp::SMTPMessageSizeExceedsMaxLimitsException& too_large) {
    const auto* refusal = dynamic_cast<const SMTPCommandError*>(too_large.other());
    SendFailure failure;
    failure.failure.kind = FailureKind::Permanent;
    failure.failure.message = endpoint.label() + ": " + server +
                              " refused the message as larger than it ever accepts" +
                              (refusal != nullptr ? ": " + reply_of(*refusal) : "");
    return failure;
  } catch (const vmime::net::smtp::SMTPMessageSizeExceedsCurLimitsException& too_large) {
    const auto* refusal = dynamic_cast<const SMTPCommandError*>(too_large.other());
    SendFailure failure;
    failure.failure.kind = FailureKind::Temporary;
    failure.failure.message = endpoint.label() + ": " + server +
                              " has no room for the message at the moment" +
                              (refusal != nullptr ? ": " + reply_of(*refusal) : "");
    return failure;
  } catch (const vmime::exceptions::operation_timed_out&) {
    SendFailure failure;
    failure.failure.scope = FailureScope::Mailbox;
    if (data == DataState::Sent) {
      failure.failure.kind = FailureKind::Unknown;
      failure.failure.message = endpoint.label() + ": no reply from " + server + " within " +
                                milliseconds(endpoint.timeouts.data_done) +
                                " after the message was sent; it may or may not have been "
                                "accepted";
    } else {
      failure.failure.kind = FailureKind::Temporary;
      failure.failure.message = endpoint.label() + ": no reply from " + server + " within " +
                                milliseconds(endpoint.timeouts.idle);
    }
    return failure;
  } catch (...) {
    SendFailure failure;
    failure.failure.scope = FailureScope::Mailbox;
    if (data == DataState::Sent) {
      failure.failure.kind = FailureKind::Unknown;
      failure.failure.message = endpoint.label() + ": the connection to " + server +
                                " failed after the message was sent, before the server "
                                "confirmed it (" +
                                what_of(std::current_exception()) +
                                "); it may or may not have been accepted";
    } else {
      failure.failure.kind = FailureKind::Temporary;
      failure.failure.message = endpoint.label() + ": the connection to " + server +
                                " failed: " + what_of(std::current_exception());
    }
    return failure;
  }
}

} // namespace mailroom::transport
