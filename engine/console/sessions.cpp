#include "sessions.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace mailroom::console {

std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // Without randomness no session is safe; the server's exception handler answers 500.
    throw std::runtime_error("OpenSSL could not make random bytes for a session");
  }
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string token;
  for (const auto byte : bytes) {
    token += k_digits[byte >> 4];
    token += k_digits[byte & 0x0f];
  }
  return token;
}

bool same_secret(std::string_view given, std::string_view expected) {
  // Digests of both, so that the comparison takes as long whatever the lengths.
  std::array<unsigned char, SHA256_DIGEST_LENGTH> given_digest{};
  std::array<unsigned char, SHA256_DIGEST_LENGTH> expected_digest{};
  SHA256(reinterpret_cast<const unsigned char*>(given.data()), given.size(), given_digest.data());
  SHA256(reinterpret_cast<const unsigned char*>(expected.data()), expected.size(),
         expected_digest.data());
  return CRYPTO_memcmp(given_digest.data(), expected_digest.data(), given_digest.size()) == 0;
}

Sessions::Found Sessions::find_or_start(const Request& request) {
  const std::scoped_lock lock(m_mutex);
  const auto cookie = request.cookies.find(std::string(k_cookie));
  if (cookie != request.cookies.end()) {
    if (const auto found = m_sessions.find(cookie->second); found != m_sessions.end()) {
      found->second.last_seen = std::chrono::steady_clock::now();
      return {found->second.session, false};
    }
  }
  return {start_locked(), true};
}

void Sessions::update(const Session& session) {
  const std::scoped_lock lock(m_mutex);
  if (const auto found = m_sessions.find(session.id); found != m_sessions.end()) {
    found->second.session = session;
  }
}

Session Sessions::restart(const Session& session) {
  const std::scoped_lock lock(m_mutex);
  m_sessions.erase(session.id);
  auto fresh = start_locked();
  fresh.language = session.language;
  m_sessions[fresh.id].session = fresh;
  return fresh;
}

Session Sessions::start_locked() {
  if (m_sessions.size() >= k_most_sessions) {
    // The least recently seen goes: a browser that comes back gets a new session.
    const auto oldest = std::min_element(m_sessions.begin(), m_sessions.end(),
                                         [](const auto& left, const auto& right) {
                                           return left.second.last_seen < right.second.last_seen;
                                         });
    m_sessions.erase(oldest);
  }
  Session session;
  session.id = random_token();
  session.csrf_token = random_token();
  m_sessions[session.id] = {session, std::chrono::steady_clock::now()};
  return session;
}

std::string Sessions::cookie(const Session& session) {
  return std::string(k_cookie) + "=" + session.id + "; Path=/; HttpOnly; SameSite=Strict";
}

bool SignInAttempts::may_try(const std::string& peer) {
  const std::scoped_lock lock(m_mutex);
  const auto found = m_failures.find(peer);
  if (found == m_failures.end()) {
    return true;
  }
  if (std::chrono::steady_clock::now() - found->second.first > k_window) {
    m_failures.erase(found);
    return true;
  }
  return found->second.count < k_failures_allowed;
}

void SignInAttempts::failed(const std::string& peer) {
  const std::scoped_lock lock(m_mutex);
  auto& failures = m_failures[peer];
  if (failures.count == 0) {
    failures.first = std::chrono::steady_clock::now();
  }
  ++failures.count;
}

void SignInAttempts::succeeded(const std::string& peer) {
  const std::scoped_lock lock(m_mutex);
  m_failures.erase(peer);
}

} // namespace mailroom::console
