#include "letterhead_stamp.hpp"

#include "letterhead.hpp"
#include "page_geometry.hpp"
#include "pdf_index.hpp"
#include "pdf_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>

namespace mailroom::render {

namespace {

using pdf::IndirectObject;
using pdf::PdfIndex;

void append_number(std::string& out, size_t number) {
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out.append(digits, written);
}

std::string fixed(double number) {
  char digits[32];
  const auto written =
    std::to_chars(digits, digits + sizeof digits, number, std::chars_format::fixed, 3).ptr;
  return std::string(digits, written);
}

Error unusable(const std::string& what) {
  return make_error("cannot stamp the letterhead: " + what);
}

// The object a key of a page refers to, such as its /Contents or /Resources.
Result<unsigned> page_reference(std::string_view page, std::string_view key) {
  const auto span = pdf::dictionary_value(page, key);
  const auto reference = span ? pdf::sole_reference(pdf::text_of(page, *span)) : std::nullopt;
  if (!reference) {
    return unusable(std::string("a page whose ") + std::string(key) + " is not a reference");
  }
  return *reference;
}

// The name the form of letterhead page `index` has in the resources of invoice pages.
std::string form_name(size_t index) {
  return "/MailroomLetterhead" + std::to_string(index + 1);
}

} // namespace

Result<LetterheadStamp> LetterheadStamp::make(const LetterheadArt& letterhead) {
  PdfWriter writer(DocumentInfo{.title = "letterhead", .created = time::Date{2000, 1, 1}});
  letterhead.paint(writer.context(), PageKind::First);
  writer.end_page();
  if (letterhead.has_continuation_page()) {
    letterhead.paint(writer.context(), PageKind::Continuation);
    writer.end_page();
  }
  const std::string drawn = TRY(writer.finish());
  LetterheadStamp stamp;
  stamp.m_first_page = TRY(make_template(drawn, 1));
  if (letterhead.has_continuation_page()) {
    stamp.m_both_pages = TRY(make_template(drawn, 2));
  }
  return stamp;
}

Result<LetterheadStamp::Template> LetterheadStamp::make_template(std::string_view drawn,
                                                                 size_t letterhead_pages) {
  const PdfIndex index = TRY(PdfIndex::read(drawn));
  const std::vector<unsigned> pages = TRY(index.pages());
  if (pages.size() < letterhead_pages) {
    return unusable("cairo wrote fewer pages than were drawn");
  }

  // Every object the pages' resources lead to, numbered in the order found.
  std::map<unsigned, int> numbers;
  std::vector<unsigned> found;
  const auto number_of = [&](unsigned original) {
    const auto [entry, added] = numbers.emplace(original, static_cast<int>(found.size()));
    if (added) {
      found.push_back(original);
    }
    return entry->second;
  };
  std::vector<unsigned> contents;
  std::vector<int> resources;
  for (size_t page = 0; page < letterhead_pages; ++page) {
    const IndirectObject object = TRY(index.object(pages[page]));
    contents.push_back(TRY(page_reference(object.value, "/Contents")));
    resources.push_back(number_of(TRY(page_reference(object.value, "/Resources"))));
  }
  std::vector<IndirectObject> objects;
  for (size_t at = 0; at < found.size(); ++at) {
    const IndirectObject object = TRY(index.object(found[at]));
    const auto type = pdf::dictionary_value(object.value, "/Type");
    const std::string_view kind = type ? pdf::text_of(object.value, *type) : std::string_view();
    if (kind == "/Page" || kind == "/Pages" || kind == "/Catalog") {
      return unusable("the letterhead's resources lead back to its pages");
    }
    for (const pdf::Reference& reference : pdf::references_in(object.value)) {
      number_of(reference.number);
    }
    objects.push_back(object);
  }

  Template made;
  // A piece's number is written before its text, so text always goes on the last piece.
  const auto add_text = [](Pieces& pieces, std::string_view text) {
    if (pieces.empty()) {
      pieces.push_back(Piece{});
    }
    pieces.back().text.append(text);
  };
  const auto add_number = [](Pieces& pieces, int object) {
    pieces.push_back(Piece{.object = object});
  };
  const auto add_stream = [&](Pieces& pieces, std::string_view bytes) {
    add_text(pieces, "\nstream\n");
    add_text(pieces, bytes);
    add_text(pieces, "\nendstream");
  };
  for (size_t at = 0; at < objects.size(); ++at) {
    const IndirectObject& object = objects[at];
    Pieces pieces;
    add_number(pieces, static_cast<int>(at));
    add_text(pieces, " 0 obj\n");
    size_t copied = 0;
    for (const pdf::Reference& reference : pdf::references_in(object.value)) {
      add_text(pieces, object.value.substr(copied, reference.begin - copied));
      add_number(pieces, numbers.at(reference.number));
      add_text(pieces, " 0 R");
      copied = reference.end;
    }
    add_text(pieces, object.value.substr(copied));
    if (object.stream) {
      add_stream(pieces, *object.stream);
    }
    add_text(pieces, "\nendobj\n");
    made.objects.push_back(std::move(pieces));
  }

  // Each page's drawing becomes a form XObject over the page, with the page's resources, and a
  // small content stream draws it.
  for (size_t page = 0; page < letterhead_pages; ++page) {
    const IndirectObject drawing = TRY(index.object(contents[page]));
    if (!drawing.stream || pdf::dictionary_value(drawing.value, "/DecodeParms")) {
      return unusable("a page drawing of a kind cairo does not write");
    }
    const int form = static_cast<int>(made.objects.size());
    Pieces pieces;
    add_number(pieces, form);
    add_text(pieces, " 0 obj\n<< /Type /XObject\n   /Subtype /Form\n   /BBox [ 0 0 " +
                       fixed(geometry::k_page_width) + " " + fixed(geometry::k_page_height) +
                       " ]\n   /Resources ");
    add_number(pieces, resources[page]);
    std::string rest = " 0 R\n   /Length ";
    append_number(rest, drawing.stream->size());
    if (const auto filter = pdf::dictionary_value(drawing.value, "/Filter")) {
      rest += "\n   /Filter ";
      rest += pdf::text_of(drawing.value, *filter);
    }
    rest += "\n>>";
    add_text(pieces, rest);
    add_stream(pieces, *drawing.stream);
    add_text(pieces, "\nendobj\n");
    made.objects.push_back(std::move(pieces));
    made.forms.push_back(form);

    // The page's /Contents streams are read as one: the drawing must end in whitespace, or its
    // last operator would run into cairo's first ("Q1 0 0 -1 …") in a reader that joins them.
    const std::string draw = "q " + form_name(page) + " Do Q\n";
    const int drawing_object = static_cast<int>(made.objects.size());
    Pieces draws;
    add_number(draws, drawing_object);
    std::string head = " 0 obj\n<< /Length ";
    append_number(head, draw.size());
    head += " >>";
    add_text(draws, head);
    add_stream(draws, draw);
    add_text(draws, "\nendobj\n");
    made.objects.push_back(std::move(draws));
    made.drawings.push_back(drawing_object);
  }
  return made;
}

Result<std::string> LetterheadStamp::apply(std::string_view pdf) const {
  const PdfIndex index = TRY(PdfIndex::read(pdf));
  const std::vector<unsigned> pages = TRY(index.pages());
  const Template& chosen = pages.size() > 1 && m_both_pages ? *m_both_pages : m_first_page;
  const unsigned base = index.size();

  std::string update;
  update.reserve(16 * 1024);
  if (pdf.empty() || pdf.back() != '\n') {
    update += '\n';
  }
  std::vector<std::pair<unsigned, size_t>> written; // Object number and offset.
  const auto begin_object = [&](unsigned number) {
    written.emplace_back(number, pdf.size() + update.size());
  };

  // The letterhead's objects, numbered after the invoice's own.
  for (size_t at = 0; at < chosen.objects.size(); ++at) {
    begin_object(base + static_cast<unsigned>(at));
    for (const Piece& piece : chosen.objects[at]) {
      if (piece.object >= 0) {
        append_number(update, base + static_cast<unsigned>(piece.object));
      }
      update += piece.text;
    }
  }

  // Each page again, its letterhead drawn before its own contents; the forms each resources
  // dictionary must name.
  std::map<unsigned, std::vector<size_t>> forms_of_resources;
  for (size_t at = 0; at < pages.size(); ++at) {
    const size_t kind = at > 0 && chosen.forms.size() > 1 ? 1 : 0;
    const IndirectObject page = TRY(index.object(pages[at]));
    const auto contents = pdf::dictionary_value(page.value, "/Contents");
    const unsigned resources = TRY(page_reference(page.value, "/Resources"));
    if (!contents) {
      return unusable("a page without /Contents");
    }
    auto& kinds = forms_of_resources[resources];
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      kinds.push_back(kind);
    }
    const std::string_view drawn = pdf::text_of(page.value, *contents);
    begin_object(pages[at]);
    append_number(update, pages[at]);
    update += " 0 obj\n";
    update += page.value.substr(0, contents->begin);
    update += "[ ";
    append_number(update, base + static_cast<unsigned>(chosen.drawings[kind]));
    update += " 0 R ";
    if (drawn.front() == '[') {
      std::string_view rest = drawn.substr(1);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) {
        rest.remove_prefix(1);
      }
      update += rest;
    } else {
      update += drawn;
      update += " ]";
    }
    update += page.value.substr(contents->end);
    update += "\nendobj\n";
  }
  for (const auto& [resources, kinds] : forms_of_resources) {
    const IndirectObject object = TRY(index.object(resources));
    if (object.stream || object.value.substr(0, 2) != "<<") {
      return unusable("page resources that are not a dictionary");
    }
    std::string names;
    for (const size_t kind : kinds) {
      names += ' ';
      names += form_name(kind);
      names += ' ';
      append_number(names, base + static_cast<unsigned>(chosen.forms[kind]));
      names += " 0 R";
    }
    size_t insert_at = 2; // After the dictionary's "<<".
    const auto forms = pdf::dictionary_value(object.value, "/XObject");
    if (forms) {
      if (object.value.substr(forms->begin, 2) != "<<") {
        return unusable("page resources whose /XObject is not a dictionary");
      }
      insert_at = forms->begin + 2;
    } else {
      names = "\n   /XObject <<" + names + " >>";
    }
    begin_object(resources);
    append_number(update, resources);
    update += " 0 obj\n";
    update += object.value.substr(0, insert_at);
    update += names;
    update += object.value.substr(insert_at);
    update += "\nendobj\n";
  }

  // The cross-reference section of the update, one subsection per run of numbers, and a trailer
  // that leads back to cairo's.
  std::sort(written.begin(), written.end());
  const size_t table = pdf.size() + update.size();
  if (table >= 10'000'000'000) {
    return unusable("a PDF too large for ten-digit offsets");
  }
  update += "xref\n";
  for (size_t run = 0; run < written.size();) {
    size_t end = run + 1;
    while (end < written.size() && written[end].first == written[end - 1].first + 1) {
      ++end;
    }
    append_number(update, written[run].first);
    update += ' ';
    append_number(update, end - run);
    update += '\n';
    for (; run < end; ++run) {
      char entry[21];
      std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", written[run].second);
      update.append(entry, 20);
    }
  }
  update += "trailer\n<< /Size ";
  append_number(update, base + chosen.objects.size());
  update += "\n   /Root ";
  update += index.root();
  if (!index.info().empty()) {
    update += "\n   /Info ";
    update += index.info();
  }
  update += "\n   /Prev ";
  append_number(update, index.table_offset());
  update += "\n>>\nstartxref\n";
  append_number(update, table);
  update += "\n%%EOF\n";

  std::string stamped;
  stamped.reserve(pdf.size() + update.size());
  stamped.append(pdf);
  stamped.append(update);
  return stamped;
}

} // namespace mailroom::render
