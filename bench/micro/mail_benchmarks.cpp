#include "fixtures.hpp"

#include <engine/mail/message.hpp>
#include <engine/mail/templates.hpp>

#include <benchmark/benchmark.h>

#include <random>

// Building one invoice mail: the Mustache texts, and the MIME message with vmime including the
// base64 of the PDF.

namespace mailroom::bench {

namespace {

// Bytes that do not compress, like the deflated streams that make up most of a PDF.
std::string pdf_like_bytes(size_t size) {
  std::mt19937 generator(6);
  std::string bytes(size, '\0');
  for (auto& byte : bytes) {
    byte = static_cast<char>(generator() & 0xff);
  }
  return bytes;
}

void mail_texts(benchmark::State& state) {
  auto templates = mail::TemplateSet::load(acme().email_template);
  if (!templates) {
    state.SkipWithError(templates.error().to_string().c_str());
    return;
  }
  const auto invoice = bench::invoice(0, 15);
  for (auto _ : state) {
    auto texts = templates->render(invoice, acme(), job::Language::Dutch);
    if (!texts) {
      state.SkipWithError(texts.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(texts->text_body.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(mail_texts)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Argument: the size of the PDF in KiB (30: a one-page invoice with letterhead).
void build_message(benchmark::State& state) {
  auto templates = mail::TemplateSet::load(acme().email_template);
  if (!templates) {
    state.SkipWithError(templates.error().to_string().c_str());
    return;
  }
  const auto invoice = bench::invoice(0, 15);
  auto texts = templates->render(invoice, acme(), job::Language::Dutch);
  if (!texts) {
    state.SkipWithError(texts.error().to_string().c_str());
    return;
  }
  const auto pdf = pdf_like_bytes(static_cast<size_t>(state.range(0)) * 1024);
  const auto& mailbox = creditors().mailbox_of(acme());
  mail::MessageInput input;
  input.mailbox = &mailbox;
  input.to = {"klant@example.org"};
  input.to_name = invoice.debtor.name;
  input.texts = *texts;
  input.attachments = {mail::Attachment{invoice.number + ".pdf", pdf}};
  input.message_id = mail::make_message_id("bench", invoice.number, 1, mailbox.from_address);
  input.date = time::now();
  LatencyRecorder latency;
  size_t bytes = 0;
  for (auto _ : state) {
    latency.start();
    auto message = mail::build_message(input);
    latency.stop();
    if (!message) {
      state.SkipWithError(message.error().to_string().c_str());
      return;
    }
    bytes = message->bytes.size();
    benchmark::DoNotOptimize(message->bytes.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(pdf.size()));
  state.counters["message_bytes"] = static_cast<double>(bytes);
  latency.report(state);
}
BENCHMARK(build_message)->ArgName("pdf_kib")->Arg(30)->Unit(benchmark::kMicrosecond)->UseRealTime();

} // namespace

} // namespace mailroom::bench
