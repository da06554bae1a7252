#include "fixtures.hpp"

#include <engine/job/invoice_reader.hpp>
#include <engine/job/job_file.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace mailroom::bench {

namespace {

[[noreturn]] void give_up(const std::string& message) {
  std::fprintf(stderr, "mailroom_micro: %s\n", message.c_str());
  std::exit(2);
}

job::Creditors load_benchmark_creditors() {
  const auto folder =
    std::filesystem::temp_directory_path() / ("mailroom-micro-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const auto path = folder / "creditors.toml";
  const auto templates = source_dir() / "templates";
  {
    std::ofstream file(path);
    file << "[[creditor]]\nid = \"acme\"\nname = \"Acme B.V.\"\n"
         << "address = [\"Keizersgracht 1\", \"1015 CJ Amsterdam\", \"Nederland\"]\n"
         << "vat_number = \"NL001234567B01\"\ncoc = \"12345678\"\niban = \"NL91ABNA0417164300\"\n"
         << "language = \"nl\"\nmailbox = \"acme\"\n"
         << "email_template = \"" << (templates / "emails" / "acme").string() << "\"\n"
         << "letterhead = \"" << (templates / "letterhead" / "acme.pdf").string() << "\"\n"
         << "use_letterhead = true\n\n[mailbox.acme]\n"
         << "url = \"maildir:" << (folder / "mail").string() << "\"\n"
         << "from = \"Acme B.V. Facturatie <facturen@acme.example>\"\n"
         << "reply_to = \"debiteuren@acme.example\"\n";
  }
  auto loaded = job::load_creditors(path);
  std::filesystem::remove_all(folder);
  if (!loaded) {
    give_up(loaded.error().to_string());
  }
  return std::move(*loaded);
}

std::string invoice_record(int index, int line_count) {
  char number[32];
  std::snprintf(number, sizeof number, "2026-%06d", index);
  std::string lines;
  for (int line = 0; line < line_count; ++line) {
    char price[32];
    std::snprintf(price, sizeof price, "%d.%02d", line * 13 + 7, line * 7 % 100);
    lines += std::string(line == 0 ? "" : ",") + "{\"description\":\"Artikel " +
             std::to_string(line) +
             " omschrijving van een product met een lange naam \xc3\xab\xe2\x82\xac\","
             "\"quantity\":\"1\",\"unit\":\"st\",\"unit_price\":\"" +
             price + "\",\"vat_rate\":\"21\"}";
  }
  return std::string("{\"number\":\"") + number +
         "\",\"creditor\":\"acme\",\"date\":\"2026-11-22\",\"due_date\":\"2026-12-22\","
         "\"currency\":\"EUR\",\"language\":\"nl\",\"debtor\":{\"id\":\"D00001\","
         "\"name\":\"Jansen & Zn.\",\"address\":[\"Dorpsstraat 12\",\"1234 AB Ergens\"],"
         "\"vat_number\":\"\",\"emails\":\"klant@example.org\"},\"lines\":[" +
         lines + "],\"note\":\"\",\"reference\":\"\"}";
}

} // namespace

std::filesystem::path source_dir() {
  return MAILROOM_SOURCE_DIR;
}

const job::Creditors& creditors() {
  static const job::Creditors loaded = load_benchmark_creditors();
  return loaded;
}

const job::Creditor& acme() {
  return *creditors().find("acme");
}

job::Invoice invoice(int index, int line_count) {
  const job::RawRecord record{Location{"micro.jsonl", index + 1},
                              invoice_record(index, line_count)};
  auto parsed = job::parse_invoice(record, creditors());
  if (!parsed.ok()) {
    give_up(parsed.problems.front().to_string());
  }
  return std::move(parsed.invoice);
}

void LatencyRecorder::report(benchmark::State& state) {
  if (m_microseconds.empty()) {
    return;
  }
  std::sort(m_microseconds.begin(), m_microseconds.end());
  const auto at = [&](double fraction) {
    const auto index =
      static_cast<size_t>(fraction * static_cast<double>(m_microseconds.size() - 1));
    return m_microseconds[index];
  };
  state.counters["p50_us"] = benchmark::Counter(at(0.50), benchmark::Counter::kAvgThreads);
  state.counters["p99_us"] = benchmark::Counter(at(0.99), benchmark::Counter::kAvgThreads);
}

} // namespace mailroom::bench
