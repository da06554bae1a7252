// The pipeline every command streams its job through: as many threads at work as asked for (also
// more than the machine has cores), records finished in job order.

#include "job_fixture.hpp"

#include <engine/pipeline/context.hpp>
#include <engine/pipeline/invoice_stream.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace mailroom::pipeline {
namespace {

using namespace std::chrono_literals;
using mailroom::testing::JobFixture;
using mailroom::testing::make_invoice;

struct Item : StreamedRecord {};

// Counts the threads inside `work` at once. Each call waits until `wanted` threads are in, or
// until the deadline `patience` from now: a pipeline that runs fewer threads than asked for ends
// the waiting at the deadline, once, and shows fewer.
class Gathering {
public:
  Gathering(unsigned wanted, std::chrono::milliseconds patience)
    : m_wanted(wanted)
    , m_deadline(std::chrono::steady_clock::now() + patience) {}

  void enter() {
    std::unique_lock lock(m_mutex);
    m_threads.insert(std::this_thread::get_id());
    ++m_inside;
    m_most_inside = std::max(m_most_inside, m_inside);
    m_changed.notify_all();
    m_changed.wait_until(lock, m_deadline, [&] { return m_most_inside >= m_wanted; });
    --m_inside;
  }

  unsigned most_inside() {
    const std::lock_guard lock(m_mutex);
    return m_most_inside;
  }
  size_t threads_seen() {
    const std::lock_guard lock(m_mutex);
    return m_threads.size();
  }

private:
  const unsigned m_wanted;
  const std::chrono::steady_clock::time_point m_deadline;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::set<std::thread::id> m_threads;
  unsigned m_inside = 0;
  unsigned m_most_inside = 0;
};

class InvoiceStreamTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::vector<std::string> lines;
    for (unsigned index = 1; index <= m_invoices; ++index) {
      lines.push_back(
        make_invoice("2026-" + std::to_string(100000 + index), "acme", "admin@devries.example")
          .dump());
    }
    m_job.write(lines);
    auto loaded = load_context(m_job.job_file());
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    m_context = std::move(*loaded);
  }

  // Streams the job on `threads` threads (0: `per_core` per core); returns the invoice numbers in
  // the order finished.
  std::vector<std::string> stream(unsigned threads, Gathering& gathering, unsigned per_core = 1) {
    StreamOptions options;
    options.threads = threads;
    options.threads_per_core = per_core;
    std::vector<std::string> finished;
    stream_records<Item>(
      *m_context, options, [&](Item&) { gathering.enter(); },
      [&](std::unique_ptr<Item> item) { finished.push_back(item->parsed.invoice.number); });
    return finished;
  }

  // More invoices than the threads of any test, whatever the machine.
  const unsigned m_invoices = 8 + 4 * std::max(2u, std::thread::hardware_concurrency());
  JobFixture m_job{"maildir:var/outbox"};
  std::unique_ptr<RunContext> m_context;
};

TEST_F(InvoiceStreamTest, RunsAsManyThreadsAsAskedForEvenMoreThanTheCores) {
  // More threads than cores keep the cores busy while some threads wait for a disk's sync or a
  // mail server's reply; a pipeline left in oneTBB's default arena gets one thread per core.
  const unsigned threads = std::max(4u, std::thread::hardware_concurrency() + 2);
  Gathering gathering(threads, 10s);
  const auto finished = stream(threads, gathering);
  EXPECT_EQ(gathering.most_inside(), threads);
  EXPECT_EQ(gathering.threads_seen(), threads);
  ASSERT_EQ(finished.size(), m_invoices);
  EXPECT_TRUE(std::is_sorted(finished.begin(), finished.end()));
}

TEST_F(InvoiceStreamTest, ByDefaultRunsThreadsPerCoreAsTheCommandAsksFor) {
  // What `mailroom run` asks for when it sends (engine/commands/run.cpp).
  const unsigned threads = 2 * std::max(1u, std::thread::hardware_concurrency());
  Gathering gathering(threads, 10s);
  const auto finished = stream(0, gathering, 2);
  EXPECT_EQ(gathering.most_inside(), threads);
  EXPECT_EQ(finished.size(), m_invoices);
}

TEST_F(InvoiceStreamTest, OneThreadWorksOnOneInvoiceAtATimeAndFinishesThemInJobOrder) {
  // Two never gather: the first call waits out the deadline, in which a second thread would come.
  Gathering gathering(2, 300ms);
  const auto finished = stream(1, gathering);
  EXPECT_EQ(gathering.most_inside(), 1u);
  EXPECT_EQ(gathering.threads_seen(), 1u);
  ASSERT_EQ(finished.size(), m_invoices);
  EXPECT_EQ(finished.front(), "2026-100001");
  EXPECT_TRUE(std::is_sorted(finished.begin(), finished.end()));
}

} // namespace
} // namespace mailroom::pipeline

namespace mailroom::job {

// How gtest shows a key in a failure: "acme/2026-1", or "*/2026-1" for any creditor.
void PrintTo(const SelectionKey& key, std::ostream* out) {
  *out << (key.creditor.empty() ? "*" : key.creditor) << "/" << key.number;
}

} // namespace mailroom::job

namespace mailroom::pipeline {
namespace {

// A selection's stream: what `work` and `finish` saw, and the keys no record named.
struct SelectedStream {
  std::vector<std::string> worked; // In no particular order.
  std::vector<std::string> finished;
  std::vector<std::string> duplicates;
  std::vector<job::SelectionKey> unmatched;
};

SelectedStream stream_selection(const std::vector<std::string>& lines,
                                std::optional<job::Selection> selection,
                                std::optional<size_t> limit = std::nullopt) {
  JobFixture job{"maildir:var/outbox"};
  job.write(lines);
  auto loaded = load_context(job.job_file());
  EXPECT_TRUE(loaded);
  if (!loaded) {
    return {};
  }
  auto& context = **loaded;
  context.options.selection = std::move(selection);
  StreamOptions options;
  options.threads = 2;
  options.limit = limit;
  SelectedStream seen;
  std::mutex worked;
  seen.unmatched = stream_records<Item>(
    context, options,
    [&](Item& item) {
      const std::lock_guard lock(worked);
      seen.worked.push_back(item.parsed.invoice.creditor + "/" + item.parsed.invoice.number);
    },
    [&](std::unique_ptr<Item> item) {
      const auto name = item->parsed.invoice.creditor + "/" + item->parsed.invoice.number;
      seen.finished.push_back(name);
      if (item->duplicate) {
        seen.duplicates.push_back(name);
      }
    });
  std::sort(seen.worked.begin(), seen.worked.end());
  return seen;
}

TEST(InvoiceStreamSelection, PassesOverWhatIsNotSelectedAndSaysWhatNoRecordNamed) {
  auto bad_date = make_invoice("2026-3", "acme", "a@example.org");
  bad_date["due_date"] = "someday";
  const std::vector<std::string> lines{
    make_invoice("2026-1", "acme", "a@example.org").dump(),
    // The same number again, of another creditor: a duplicate in a run of the whole job, and so
    // in a run of a selection that takes only this one.
    make_invoice("2026-1", "northwind", "b@example.org").dump(),
    "{not json, so neither its creditor nor its number can be known",
    make_invoice("2026-2", "northwind", "c@example.org").dump(),
    // Invalid, but its creditor and number can be read: it is selected, and fails as in any run.
    bad_date.dump(),
  };
  job::Selection selection;
  selection.add_invoice("northwind", "2026-1");
  selection.add_number("2026-3");
  selection.add_invoice("acme", "2026-9");
  selection.add_invoice("acme", "2026-2"); // 2026-2 is northwind's.

  const auto seen = stream_selection(lines, selection);
  EXPECT_EQ(seen.finished, (std::vector<std::string>{"northwind/2026-1", "acme/2026-3"}));
  EXPECT_EQ(seen.worked, (std::vector<std::string>{"acme/2026-3", "northwind/2026-1"}));
  EXPECT_EQ(seen.duplicates, (std::vector<std::string>{"northwind/2026-1"}));
  EXPECT_EQ(seen.unmatched,
            (std::vector<job::SelectionKey>{{"acme", "2026-2"}, {"acme", "2026-9"}}));

  // Within a limit, what the records read do not name is unmatched.
  const auto limited = stream_selection(lines, selection, 2);
  EXPECT_EQ(limited.finished, (std::vector<std::string>{"northwind/2026-1"}));
  EXPECT_EQ(limited.unmatched, (std::vector<job::SelectionKey>{
                                 {"", "2026-3"}, {"acme", "2026-2"}, {"acme", "2026-9"}}));

  // A selection without keys takes no record; no selection takes every one.
  EXPECT_TRUE(stream_selection(lines, job::Selection()).finished.empty());
  const auto everything = stream_selection(lines, std::nullopt);
  EXPECT_EQ(everything.finished.size(), lines.size());
  EXPECT_TRUE(everything.unmatched.empty());
}

} // namespace
} // namespace mailroom::pipeline
