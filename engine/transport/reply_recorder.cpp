#include "reply_recorder.hpp"

namespace mailroom::transport {

namespace {

class RecordingTracer final : public vmime::net::tracer {
public:
  explicit RecordingTracer(std::shared_ptr<ReplyRecorder> recorder)
    : m_recorder(std::move(recorder)) {}

  void traceSend(const vmime::string& line) override { m_recorder->on_command(line); }
  void traceReceive(const vmime::string& line) override { m_recorder->on_reply_line(line); }

private:
  std::shared_ptr<ReplyRecorder> m_recorder;
};

} // namespace

void ReplyRecorder::begin_message() {
  m_data_sent = false;
  m_reply_lines.clear();
  m_reply_complete = false;
}

std::string ReplyRecorder::last_reply() const {
  std::string reply;
  for (const auto& line : m_reply_lines) {
    if (!reply.empty()) {
      reply += '\n';
    }
    reply += line;
  }
  return reply;
}

void ReplyRecorder::on_command(const std::string& line) {
  // vmime traces the end of the message data as a lone ".", after the bytes left.
  if (line == ".") {
    // The callback sends the end of the data; if that fails, the data was not sent.
    if (m_on_data_sent) {
      m_on_data_sent();
    }
    m_data_sent = true;
  }
}

void ReplyRecorder::on_reply_line(const std::string& line) {
  if (m_reply_complete) {
    m_reply_lines.clear();
    m_reply_complete = false;
  }
  m_reply_lines.push_back(line);
  // "250-..." continues a reply; "250 ..." (or a bare code) ends it.
  m_reply_complete = line.size() < 4 || line[3] != '-';
}

RecordingTracerFactory::RecordingTracerFactory(std::shared_ptr<ReplyRecorder> recorder)
  : m_recorder(std::move(recorder)) {}

std::shared_ptr<vmime::net::tracer> RecordingTracerFactory::create(
  std::shared_ptr<vmime::net::service>, const int) {
  return std::make_shared<RecordingTracer>(m_recorder);
}

} // namespace mailroom::transport
