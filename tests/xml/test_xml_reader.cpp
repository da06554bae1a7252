#include <engine/xml/reader.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define MAILROOM_LIVE_HEAP_FROM_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MAILROOM_LIVE_HEAP_FROM_SANITIZER 1
#endif
#endif
#if defined(MAILROOM_LIVE_HEAP_FROM_SANITIZER)
// The sanitizers' runtime has it (sanitizer/allocator_interface.h, which GCC does not install).
// NOLINTNEXTLINE(bugprone-reserved-identifier): the runtime's name, not ours.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#else
#include <malloc.h>
#endif

namespace mailroom::xml {
namespace {

using mailroom::testing::TemporaryFolder;
using mailroom::testing::write_text;

// The bytes of memory allocated and not yet freed (freed memory an allocator keeps, such as
// ASan's quarantine, does not count).
std::size_t live_heap_bytes() {
#if defined(MAILROOM_LIVE_HEAP_FROM_SANITIZER)
  return __sanitizer_get_current_allocated_bytes();
#else
  return mallinfo2().uordblks;
#endif
}

// The text must outlive the reader.
Reader open(const std::string& text, const std::string& name = "test.xml") {
  auto reader = Reader::open_memory(text, name);
  EXPECT_TRUE(reader.has_value()) << (reader ? "" : reader.error().to_string());
  return std::move(reader).value();
}

// Every start tag up to the end as "depth:local_name@line", or the error that ended reading.
std::vector<std::string> tags_of(Reader& reader) {
  std::vector<std::string> tags;
  while (true) {
    auto next = reader.next_element();
    if (!next) {
      tags.push_back("error " + next.error().to_string());
      return tags;
    }
    if (!*next) {
      return tags;
    }
    tags.push_back(std::to_string((*next)->depth) + ":" + (*next)->local_name + "@" +
                   std::to_string((*next)->line));
  }
}

// Reads up to the first error, which it returns ("" when there was none).
std::string first_error(Reader& reader) {
  const auto tags = tags_of(reader);
  if (tags.empty() || tags.back().rfind("error ", 0) != 0) {
    return "";
  }
  return tags.back().substr(6);
}

TEST(XmlReader, StreamsStartTagsWithNamespaceLocalNameLineAndDepth) {
  const std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<p:Document xmlns:p=\"urn:example:one\">\n"
                           "  <p:Header/>\n"
                           "  <Plain xmlns=\"\">\n"
                           "    <p:Inner>text</p:Inner>\n"
                           "  </Plain>\n"
                           "</p:Document>\n";
  auto reader = open(text);
  auto root = reader.next_element();
  ASSERT_TRUE(root && *root);
  EXPECT_EQ((*root)->namespace_uri, "urn:example:one");
  EXPECT_EQ((*root)->local_name, "Document");
  EXPECT_EQ((*root)->line, 2);
  EXPECT_EQ((*root)->depth, 0);
  EXPECT_EQ(tags_of(reader), (std::vector<std::string>{"1:Header@3", "1:Plain@4", "2:Inner@5"}));
}

TEST(XmlReader, AnExpandedElementFindsChildrenByLocalNameInItsOwnNamespace) {
  const std::string text =
    "<d:Document xmlns:d=\"urn:example:one\" xmlns:o=\"urn:example:other\">\n"
    "<d:Entry>\n"
    "  <d:Amount Ccy=\"EUR\" o:Ccy=\"USD\">12<![CDATA[.34]]>&amp;</d:Amount>\n"
    "  <o:Amount>foreign</o:Amount>\n"
    "  <d:Note>first</d:Note>\n"
    "  <Note xmlns=\"urn:example:one\">second</Note>\n"
    "  <d:Note>third<d:Inner>not mine</d:Inner></d:Note>\n"
    "</d:Entry>\n"
    "</d:Document>\n";
  auto reader = open(text);
  ASSERT_TRUE(reader.next_element());
  auto entry_tag = reader.next_element();
  ASSERT_TRUE(entry_tag && *entry_tag);
  EXPECT_EQ((*entry_tag)->local_name, "Entry");
  auto entry = reader.expand();
  ASSERT_TRUE(entry) << entry.error().to_string();
  EXPECT_EQ(entry->line(), 2);
  const auto amount = entry->child("Amount");
  ASSERT_TRUE(amount);
  EXPECT_EQ(amount->line(), 3);
  EXPECT_EQ(amount->text(), "12.34&");
  EXPECT_EQ(amount->attribute("Ccy"), "EUR");
  EXPECT_EQ(amount->attribute("Missing"), std::nullopt);
  EXPECT_EQ(amount->namespace_uri(), "urn:example:one");
  const auto notes = entry->children("Note");
  ASSERT_EQ(notes.size(), 3U);
  EXPECT_EQ(notes[0].text(), "first");
  EXPECT_EQ(notes[1].text(), "second");
  EXPECT_EQ(notes[2].text(), "third");
  EXPECT_EQ(notes[2].line(), 7);
  // The o:Amount beside d:Amount is in another namespace.
  EXPECT_EQ(entry->children("Amount").size(), 1U);
  EXPECT_FALSE(entry->child("Inner"));
  // After an expanded element, reading goes on after it: the document has nothing more.
  EXPECT_EQ(tags_of(reader), std::vector<std::string>{});
}

TEST(XmlReader, CountsLinesPast65535) {
  std::string text = "<a>\n";
  for (int line = 2; line <= 70000; ++line) {
    text += "<b/>\n";
  }
  text += "<c>\n<d>text</d>\n</c>\n</a>\n";
  auto reader = open(text);
  for (int element = 1; element <= 70000; ++element) {
    auto next = reader.next_element();
    ASSERT_TRUE(next && *next);
    ASSERT_EQ((*next)->line, element) << (*next)->local_name;
  }
  auto c = reader.next_element();
  ASSERT_TRUE(c && *c);
  EXPECT_EQ((*c)->local_name, "c");
  EXPECT_EQ((*c)->line, 70001);
  auto expanded = reader.expand();
  ASSERT_TRUE(expanded);
  EXPECT_EQ(expanded->line(), 70001);
  EXPECT_EQ(expanded->child("d")->line(), 70002);
}

TEST(XmlReader, SkipLeavesOutWhatIsInsideTheCurrentElement) {
  const std::string text = "<a><b><c/><d/></b><e><f/></e></a>";
  auto reader = open(text);
  ASSERT_TRUE(reader.next_element());
  auto b = reader.next_element();
  ASSERT_TRUE(b && *b);
  EXPECT_EQ((*b)->local_name, "b");
  reader.skip();
  EXPECT_EQ(tags_of(reader), (std::vector<std::string>{"1:e@1", "2:f@1"}));
}

TEST(XmlReader, TextThatIsNotWellFormedIsRefusedWithFileLineAndLibxml2sWords) {
  const std::string text = "<a>\n<b>\n<c></b>\n</a>\n";
  auto reader = open(text, "broken.xml");
  const auto error = first_error(reader);
  EXPECT_EQ(error.rfind("broken.xml:3: not well-formed XML: ", 0), 0U) << error;
  EXPECT_NE(error.find("mismatch"), std::string::npos) << error;
  // The error stays: reading does not go on past it.
  auto again = reader.next_element();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().to_string(), error);
}

TEST(XmlReader, EncodingErrorsAreThisReadersErrorsAndNeverPrinted) {
  const std::string text = "<?xml version=\"1.0\" encoding=\"EUC-JP\"?>\n<a>\n\xb0\x30</a>\n";
  auto reader = open(text, "encoding.xml");
  ::testing::internal::CaptureStderr();
  const auto error = first_error(reader);
  const auto printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "");
  EXPECT_EQ(error.rfind("encoding.xml:", 0), 0U) << error;
  EXPECT_NE(error.find("input conversion failed"), std::string::npos) << error;
}

TEST(XmlReader, AnErrorInsideAnExpandedElementIsReportedByExpand) {
  // libxml2 parses ahead in chunks of a few hundred bytes: the padding keeps the error out of the
  // chunk that holds <b>'s start tag.
  const std::string text =
    "<a>\n<b>\n" + std::string(4000, ' ') + "\n<c>&undeclared;</c>\n</b>\n</a>\n";
  auto reader = open(text, "entity.xml");
  ASSERT_TRUE(reader.next_element());
  ASSERT_TRUE(reader.next_element());
  auto element = reader.expand();
  ASSERT_FALSE(element);
  EXPECT_EQ(element.error().location.file, "entity.xml");
  EXPECT_EQ(element.error().location.line, 4);
  EXPECT_NE(element.error().message.find("undeclared"), std::string::npos)
    << element.error().message;
}

TEST(XmlReader, RefusesADoctypeAndNeverReadsAnExternalEntityOrDtd) {
  TemporaryFolder folder;
  const auto secret = folder / "secret.txt";
  write_text(secret, "the secret is 4711\n");
  const std::vector<std::string> documents = {
    "<!DOCTYPE a SYSTEM \"file://" + secret.string() + "\">\n<a>x</a>\n",
    "<!DOCTYPE a [<!ENTITY leak SYSTEM \"file://" + secret.string() + "\">]>\n<a>&leak;</a>\n",
    "<!DOCTYPE a [<!ENTITY leak SYSTEM \"http://127.0.0.1:9/leak\">]>\n<a>&leak;</a>\n",
    "<!DOCTYPE a [<!ENTITY one \"1111111111\"><!ENTITY two \"&one;&one;&one;&one;\">]>\n"
    "<a>&two;&two;</a>\n"};
  for (const auto& text : documents) {
    auto reader = open(text, "entities.xml");
    const auto tags = tags_of(reader);
    // Refused before its root element is read: no entity is ever expanded into an element, and
    // the secret never reaches the reader's answers.
    EXPECT_EQ(tags, std::vector<std::string>{"error entities.xml: has a DOCTYPE declaration, "
                                             "which is refused: DTDs and entities are never read"})
      << text;
  }
}

TEST(XmlReader, RefusesABillionLaughsQuickly) {
  std::string text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string previous = level == 1 ? "lol" : "lol" + std::to_string(level - 1);
    text += "<!ENTITY lol" + std::to_string(level) + " \"";
    for (int copy = 0; copy < 10; ++copy) {
      text += "&" + previous + ";";
    }
    text += "\">\n";
  }
  text += "]>\n<lolz>&lol9;</lolz>\n";
  const auto started = std::chrono::steady_clock::now();
  auto reader = open(text, "lol.xml");
  const auto tags = tags_of(reader);
  const auto took = std::chrono::steady_clock::now() - started;
  // Refused before any element is read: by libxml2's own guard when it meets the reference in the
  // chunk it parses with the internal subset (as here), else by the reader at the DOCTYPE.
  ASSERT_EQ(tags.size(), 1U);
  const bool refused_by_guard =
    tags[0] == "error lol.xml:1: not well-formed XML: Detected an entity reference loop";
  const bool refused_at_doctype = tags[0] == "error lol.xml: has a DOCTYPE declaration, which is "
                                             "refused: DTDs and entities are never read";
  EXPECT_TRUE(refused_by_guard || refused_at_doctype) << tags[0];
  // Expanded, &lol9; would be 10^9 times "lol"; even under ASan the refusal takes milliseconds.
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(XmlReader, RefusesElementsNestedDeeperThanTheLimitWhileStreaming) {
  std::string text;
  for (int level = 0; level < 100; ++level) {
    text += "<n>\n";
  }
  for (int level = 0; level < 100; ++level) {
    text += "</n>\n";
  }
  auto reader = open(text, "deep.xml");
  const auto tags = tags_of(reader);
  ASSERT_EQ(tags.size(), static_cast<size_t>(Reader::k_maximum_depth) + 1);
  EXPECT_EQ(tags.back(), "error deep.xml:65: elements nest deeper than 64 levels (depth limit)");
}

TEST(XmlReader, RefusesElementsNestedDeeperThanTheLimitInsideAnExpandedElement) {
  std::string text;
  for (int level = 0; level < 60; ++level) {
    text += "<n>";
  }
  text += "<expanded><a><b><c><d><e><f/></e></d></c></b></a></expanded>";
  for (int level = 0; level < 60; ++level) {
    text += "</n>";
  }
  auto reader = open(text, "deep.xml");
  for (int level = 0; level <= 60; ++level) {
    ASSERT_TRUE(reader.next_element());
  }
  auto expanded = reader.expand();
  ASSERT_FALSE(expanded);
  EXPECT_EQ(expanded.error().to_string(),
            "deep.xml:1: elements nest deeper than 64 levels (depth limit)");
}

TEST(XmlReader, ReadsAFileFromDiskAndNamesItInErrors) {
  TemporaryFolder folder;
  const auto path = folder / "statement.xml";
  write_text(path, "<a>\n<b/>\n</a>\n<c/>\n");
  auto reader = Reader::open_file(path);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->name(), path.string());
  const auto tags = tags_of(*reader);
  ASSERT_FALSE(tags.empty());
  EXPECT_EQ(
    tags.back().rfind("error " + path.string() + ":4: not well-formed XML: Extra content", 0), 0U)
    << tags.back();

  const auto good = folder / "good.xml";
  write_text(good, "<a>\n<b/>\n</a>\n");
  auto good_reader = Reader::open_file(good);
  ASSERT_TRUE(good_reader);
  EXPECT_EQ(tags_of(*good_reader), (std::vector<std::string>{"0:a@1", "1:b@2"}));

  auto missing = Reader::open_file(folder / "missing.xml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().to_string(),
            (folder / "missing.xml").string() + ": cannot be opened: No such file or directory");
  // A folder opens as a file on Linux; reading it fails. Either way the reason is named.
  auto folder_itself = Reader::open_file(folder.path());
  const std::string folder_error =
    folder_itself ? first_error(*folder_itself) : folder_itself.error().to_string();
  EXPECT_NE(folder_error.find("Is a directory"), std::string::npos) << folder_error;
}

TEST(XmlReader, ReadersOnSeveralThreadsKeepTheirErrorsApart) {
  std::vector<std::string> errors(8);
  std::vector<std::thread> threads;
  for (size_t index = 0; index < errors.size(); ++index) {
    threads.emplace_back([index, &errors] {
      std::string text = "<a>\n";
      for (size_t line = 0; line < index; ++line) {
        text += "<b/>\n";
      }
      text += "<broken>\n</a>\n";
      for (int round = 0; round < 50; ++round) {
        auto reader = Reader::open_memory(text, "thread" + std::to_string(index) + ".xml");
        if (reader) {
          errors[index] = first_error(*reader);
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (size_t index = 0; index < errors.size(); ++index) {
    const std::string expected =
      "thread" + std::to_string(index) + ".xml:" + std::to_string(index + 3) + ": not well-formed";
    EXPECT_EQ(errors[index].rfind(expected, 0), 0U) << errors[index];
  }
}

// A 50 MB document read element by element, each <Entry> expanded: the live heap stays far below
// the size of the document, which a DOM of it would take several times over.
TEST(XmlReader, KeepsMemoryBoundedOnA50MegabyteDocument) {
  const std::string entry = "<Entry><Amount Ccy=\"EUR\">12.34</Amount><Name>A. Payer of invoices"
                            "</Name><Text>Invoice 2026-000123 thank you for your business, with "
                            "a remittance text long enough to count</Text></Entry>\n";
  const size_t entries = (size_t{50} * 1000 * 1000) / entry.size() + 1;
  std::string text = "<Document>\n";
  text.reserve(entries * entry.size() + 32);
  for (size_t index = 0; index < entries; ++index) {
    text += entry;
  }
  text += "</Document>\n";
  ASSERT_GT(text.size(), size_t{50} * 1000 * 1000);

  const auto started = std::chrono::steady_clock::now();
  auto reader = open(text, "big.xml");
  const std::size_t before = live_heap_bytes();
  std::size_t highest = before;
  size_t expanded = 0;
  size_t cents_digits = 0;
  while (true) {
    auto next = reader.next_element();
    ASSERT_TRUE(next) << next.error().to_string();
    if (!*next) {
      break;
    }
    if ((*next)->local_name != "Entry") {
      continue;
    }
    auto element = reader.expand();
    ASSERT_TRUE(element) << element.error().to_string();
    cents_digits += element->child("Amount")->text().size();
    ++expanded;
    if (expanded % 1000 == 0) {
      highest = std::max(highest, live_heap_bytes());
    }
  }
  EXPECT_EQ(expanded, entries);
  EXPECT_EQ(cents_digits, entries * 5);
  EXPECT_LT(highest - before, std::size_t{16} * 1024 * 1024)
    << "live heap grew by " << (highest - before) << " bytes";
  std::cout << "[          ] 50 MB read in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - started)
                 .count()
            << " ms, live heap grew by at most " << (highest - before) / 1024 << " KiB\n";
}

} // namespace
} // namespace mailroom::xml
