#pragma once

#include <engine/console/http.hpp>
#include <engine/console/texts.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

// Who is using the console: each browser has a session (a random id in an HttpOnly, SameSite=
// Strict cookie) that holds its CSRF token, whether it signed in, and its language. Sessions live
// in memory only: restarting the console signs everyone out.

namespace mailroom::console {

enum class SignedIn { No, Yes };

struct Session {
  std::string id;
  std::string csrf_token; // Every form's hidden field; a POST without it is refused.
  SignedIn signed_in = SignedIn::No;
  std::optional<Language> language;
};

// 32 random bytes (OpenSSL's generator) as hex.
std::string random_token();

// Whether two secrets are equal, in a time that does not depend on where they differ.
bool same_secret(std::string_view given, std::string_view expected);

class Sessions {
public:
  static constexpr std::string_view k_cookie = "mailroom_session";

  struct Found {
    Session session;
    bool started = false; // New: the response must set its cookie.
  };

  // The session the request's cookie names, or a new one.
  Found find_or_start(const Request& request);
  // Keeps what changed in a session (its language, its sign-in).
  void update(const Session& session);
  // Signs a session out and gives it a new id and token, so that an old cookie is worth nothing.
  Session restart(const Session& session);

  // The Set-Cookie header's value for a session.
  static std::string cookie(const Session& session);

private:
  Session start_locked();

  static constexpr size_t k_most_sessions = 10000;
  std::mutex m_mutex;
  struct Kept {
    Session session;
    std::chrono::steady_clock::time_point last_seen;
  };
  std::map<std::string, Kept, std::less<>> m_sessions;
};

// Sign-in attempts per client address: five failures in a minute make it wait.
class SignInAttempts {
public:
  bool may_try(const std::string& peer);
  void failed(const std::string& peer);
  void succeeded(const std::string& peer);

private:
  static constexpr int k_failures_allowed = 5;
  static constexpr std::chrono::seconds k_window{60};
  std::mutex m_mutex;
  struct Failures {
    int count = 0;
    std::chrono::steady_clock::time_point first;
  };
  std::map<std::string, Failures> m_failures;
};

} // namespace mailroom::console
