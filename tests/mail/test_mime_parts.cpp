#include <engine/mail/mime_parts.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mailroom::mail::mime {
namespace {

std::string bytes_of_size(size_t size) {
  std::string bytes;
  for (size_t index = 0; index < size; ++index) {
    bytes += static_cast<char>((index * 131 + 7) % 256);
  }
  return bytes;
}

std::string generated(const vmime::bodyPart& part) {
  std::string text;
  vmime::utility::outputStreamStringAdapter output(text);
  vmime::generationContext context(vmime::generationContext::getDefaultContext());
  context.setMaxLineLength(64); // As message.cpp asks.
  part.generate(context, output);
  output.flush();
  return text;
}

// The PDF part as vmime writes it when it encodes the bytes itself.
std::string encoded_by_vmime(const std::string& pdf) {
  auto reference = make_pdf_part(pdf, "x.pdf", 60);
  auto stream = vmime::make_shared<vmime::utility::inputStreamByteBufferAdapter>(
    reinterpret_cast<const vmime::byte_t*>(pdf.data()), pdf.size());
  reference->getBody()->setContents(
    vmime::make_shared<vmime::streamContentHandler>(stream, pdf.size()),
    vmime::mediaType(vmime::mediaTypes::APPLICATION, "pdf"));
  reference->getBody()->setEncoding(vmime::encoding(vmime::encodingTypes::BASE64));
  return generated(*reference);
}

TEST(MakePdfPart, WritesTheBytesAsVmimesOwnEncoderWould) {
  ensure_vmime_ready();
  for (const size_t size : {0, 1, 2, 3, 44, 45, 46, 89, 90, 91, 134, 135, 136, 5000, 30001}) {
    const std::string pdf = bytes_of_size(size);
    EXPECT_EQ(generated(*make_pdf_part(pdf, "x.pdf", 60)), encoded_by_vmime(pdf)) << size;
  }
}

TEST(MakePdfPart, TheComparisonCanFail) {
  ensure_vmime_ready();
  const std::string pdf = bytes_of_size(5000);
  EXPECT_NE(generated(*make_pdf_part(pdf, "x.pdf", 64)), encoded_by_vmime(pdf));
}

} // namespace
} // namespace mailroom::mail::mime
