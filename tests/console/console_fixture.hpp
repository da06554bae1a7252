#pragma once

#include <engine/commands/load.hpp>
#include <engine/console/console.hpp>
#include <engine/console/job_register.hpp>

#include <gtest/gtest.h>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/temporary_folder.hpp>

#include <memory>
#include <string>

// The demo job (two creditors, forty invoices) loaded as `mailroom console` loads it, its invoices
// in the register of a fresh ledger, and a Console over it whose requests the tests make directly.

namespace mailroom::testing {

class ConsoleFixture : public ::testing::Test {
protected:
  void SetUp() override {
    write_demo_job(m_folder / "job.toml", job_extra());
    m_context = commands::load_or_refuse(m_folder / "job.toml");
    ASSERT_NE(m_context, nullptr);
    ASSERT_TRUE(pipeline::open_ledger(*m_context));
    m_registration = console::register_job(*m_context);
    ASSERT_TRUE(m_context->ledger->sync());
  }

  // What the job file says beyond the demo job's (a transport, in the tests that send).
  virtual std::string job_extra() const { return {}; }

  // A console with these settings (the test's hosts: none checked unless given).
  console::Console& make_console(console::ConsoleSettings settings = {}) {
    settings.job_file = m_folder / "job.toml";
    m_console = std::make_unique<console::Console>(*m_context, std::move(settings));
    return *m_console;
  }

  // A request from a browser that holds the session of `cookie` (none: a new browser).
  static console::Request get(const std::string& path,
                              std::multimap<std::string, std::string> parameters = {},
                              const std::string& cookie = "") {
    console::Request request;
    request.path = path;
    request.parameters = std::move(parameters);
    if (!cookie.empty()) {
      request.cookies[std::string(console::Sessions::k_cookie)] = cookie;
    }
    request.peer = "127.0.0.1";
    return request;
  }

  static console::Request post(const std::string& path,
                               std::multimap<std::string, std::string> parameters,
                               const std::string& cookie) {
    auto request = get(path, std::move(parameters), cookie);
    request.method = console::Method::Post;
    return request;
  }

  // The session id a response set, if it set one.
  static std::string session_cookie(const console::Response& response) {
    const auto value = response.header("Set-Cookie");
    const auto equals = value.find('=');
    const auto end = value.find(';');
    return equals == std::string::npos ? std::string() : value.substr(equals + 1, end - equals - 1);
  }

  // The CSRF token a page's forms carry.
  static std::string csrf_token(const console::Response& response) {
    const std::string marker = "name=\"csrf\" value=\"";
    const auto at = response.body.find(marker);
    if (at == std::string::npos) {
      return {};
    }
    const auto start = at + marker.size();
    return response.body.substr(start, response.body.find('"', start) - start);
  }

  TemporaryFolder m_folder;
  std::unique_ptr<pipeline::RunContext> m_context;
  console::JobRegistration m_registration;
  std::unique_ptr<console::Console> m_console;
};

// How many times `needle` occurs in `text`.
inline size_t occurrences(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

} // namespace mailroom::testing
