#include "qpdf_document.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Buffer.hh>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjGen.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <algorithm>
#include <charconv>
#include <deque>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace mailroom::pdf {

namespace {

Error qpdf_error(const std::filesystem::path& path, const std::string& what,
                 const std::string& message) {
  return make_error(what + ": " + message, Location{path.string()});
}

// Runs `work`, which may throw as qpdf does, and turns what it throws into an error naming the
// file: the one place where qpdf's exceptions become our errors.
template<typename Work>
auto guarded(const std::filesystem::path& path, const std::string& what, Work&& work)
  -> decltype(work()) {
  try {
    return work();
  } catch (const std::exception& exception) {
    return qpdf_error(path, what, exception.what());
  }
}

std::string written_number(size_t number) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  return std::string(digits, end);
}

// The bytes of a stream's data, compressed as it is by its /Filter.
std::string raw_data(QPDFObjectHandle stream) {
  const std::shared_ptr<Buffer> data = stream.getRawStreamData();
  return std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
}

std::shared_ptr<Buffer> deflated(const std::string& bytes) {
  Pl_Buffer buffer("deflated");
  Pl_Flate deflate("deflate", &buffer, Pl_Flate::a_deflate);
  deflate.write(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  deflate.finish();
  return buffer.getBufferSharedPointer();
}

// Writes the objects that some objects of a PDF lead to, each once, numbered from 0 in the
// order they are found, so the same PDF always gives the same pieces.
class ObjectWriter {
public:
  // The number of an indirect object, which is then written with the others.
  int number_of(const QPDFObjectHandle& object) {
    const auto [entry, added] =
      m_numbers.emplace(object.getObjGen(), static_cast<int>(m_numbers.size()));
    if (added) {
      m_waiting.push_back(object);
    }
    return entry->second;
  }

  // Writes every object numbered so far and every one they lead to.
  std::vector<Pieces> write_all() {
    std::vector<Pieces> written;
    while (written.size() < m_numbers.size()) {
      QPDFObjectHandle object = m_waiting.front();
      m_waiting.pop_front();
      Pieces pieces;
      add_number(pieces, static_cast<int>(written.size()));
      add_text(pieces, " 0 obj\n");
      if (object.isStream()) {
        write_stream(object, pieces);
      } else {
        write_direct(object, pieces);
      }
      add_text(pieces, "\nendobj\n");
      written.push_back(std::move(pieces));
    }
    return written;
  }

private:
  // A value inside an object: a reference to another object, or the value itself.
  void write_value(const QPDFObjectHandle& value, Pieces& pieces) {
    if (value.isIndirect()) {
      add_reference(pieces, number_of(value));
    } else {
      write_direct(value, pieces);
    }
  }

  void write_direct(QPDFObjectHandle value, Pieces& pieces) {
    if (value.isDictionary()) {
      write_dictionary(value, pieces, {});
    } else if (value.isArray()) {
      add_text(pieces, "[");
      const int count = value.getArrayNItems();
      for (int at = 0; at < count; ++at) {
        add_text(pieces, " ");
        write_value(value.getArrayItem(at), pieces);
      }
      add_text(pieces, " ]");
    } else {
      // Numbers keep the text they were written with, names and strings their bytes.
      add_text(pieces, value.unparse());
    }
  }

  // `length`, when given, is written as the dictionary's /Length instead of the one it has.
  void write_dictionary(QPDFObjectHandle dictionary, Pieces& pieces, std::optional<size_t> length) {
    add_text(pieces, "<<");
    for (const std::string& key : dictionary.getKeys()) {
      if (length && key == "/Length") {
        continue;
      }
      add_text(pieces, " ");
      add_text(pieces, QPDFObjectHandle::newName(key).unparse());
      add_text(pieces, " ");
      write_value(dictionary.getKey(key), pieces);
    }
    if (length) {
      add_text(pieces, " /Length " + written_number(*length));
    }
    add_text(pieces, " >>");
  }

  void write_stream(QPDFObjectHandle stream, Pieces& pieces) {
    const std::string data = raw_data(stream);
    write_dictionary(stream.getDict(), pieces, data.size());
    add_stream(pieces, data);
  }

  std::map<QPDFObjGen, int> m_numbers;
  std::deque<QPDFObjectHandle> m_waiting;
};

} // namespace

Result<QpdfDocument> QpdfDocument::open(const std::filesystem::path& path) {
  return guarded(path, "cannot read the PDF", [&]() -> Result<QpdfDocument> {
    auto pdf = std::make_unique<QPDF>();
    // Warnings (about a repaired cross-reference table, say) are not printed: qpdf would write
    // them to our standard error. What qpdf cannot repair is thrown, and becomes an error.
    pdf->setSuppressWarnings(true);
    pdf->processFile(path.c_str());
    const size_t pages = QPDFPageDocumentHelper(*pdf).getAllPages().size();
    return QpdfDocument(path, std::move(pdf), pages);
  });
}

QpdfDocument::QpdfDocument(std::filesystem::path path, std::unique_ptr<QPDF> pdf, size_t page_count)
  : m_path(std::move(path))
  , m_pdf(std::move(pdf))
  , m_page_count(page_count) {}

QpdfDocument::QpdfDocument(QpdfDocument&& other) noexcept = default;
QpdfDocument& QpdfDocument::operator=(QpdfDocument&& other) noexcept = default;
QpdfDocument::~QpdfDocument() = default;

Result<PageFrame> QpdfDocument::page_frame(size_t index) {
  const std::string what = "cannot read page " + std::to_string(index + 1);
  return guarded(m_path, what, [&]() -> Result<PageFrame> {
    if (index >= m_page_count) {
      return qpdf_error(m_path, what, "the PDF has " + std::to_string(m_page_count) + " pages");
    }
    QPDFPageObjectHelper page = QPDFPageDocumentHelper(*m_pdf).getAllPages().at(index);
    QPDFObjectHandle media = page.getMediaBox();
    if (!media.isRectangle()) {
      return qpdf_error(m_path, what, "the page has no media box");
    }
    // Rectangles may be given by any two opposite corners (ISO 32000-1, 7.9.5).
    const auto corners = [](QPDFObjectHandle box) {
      const QPDFObjectHandle::Rectangle rectangle = box.getArrayAsRectangle();
      return PageFrame{
        .left = std::min(rectangle.llx, rectangle.urx),
        .bottom = std::min(rectangle.lly, rectangle.ury),
        .right = std::max(rectangle.llx, rectangle.urx),
        .top = std::max(rectangle.lly, rectangle.ury),
      };
    };
    PageFrame frame = corners(media);
    // The crop box is what readers show, limited to the media box; one that is not a rectangle
    // is ignored, as readers ignore it.
    QPDFObjectHandle crop = page.getCropBox();
    if (crop.isRectangle()) {
      const PageFrame cropped = corners(crop);
      frame.left = std::max(frame.left, cropped.left);
      frame.bottom = std::max(frame.bottom, cropped.bottom);
      frame.right = std::min(frame.right, cropped.right);
      frame.top = std::min(frame.top, cropped.top);
    }
    if (!(frame.width() > 0 && frame.height() > 0)) {
      return qpdf_error(m_path, what, "the page has no size");
    }
    // A /Rotate that is not a multiple of 90 is ignored, as readers ignore it.
    QPDFObjectHandle rotate = page.getAttribute("/Rotate", false);
    if (rotate.isInteger()) {
      const long long degrees = ((rotate.getIntValue() % 360) + 360) % 360;
      frame.rotation = degrees % 90 == 0 ? static_cast<int>(degrees) : 0;
    }
    return frame;
  });
}

Result<PortableObjects> QpdfDocument::page_forms(const std::vector<Matrix>& placements) {
  return guarded(m_path, "cannot take the pages as forms", [&]() -> Result<PortableObjects> {
    std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(*m_pdf).getAllPages();
    if (placements.size() > pages.size()) {
      return qpdf_error(m_path, "cannot take the pages as forms",
                        "the PDF has " + std::to_string(pages.size()) + " pages");
    }
    // The forms are copied into a PDF of their own, which takes along everything they lead to
    // and nothing else: never the pages they came from, nor the document's other pages.
    QPDF copies;
    copies.setSuppressWarnings(true);
    copies.emptyPDF();
    std::vector<QPDFObjectHandle> forms;
    for (size_t index = 0; index < placements.size(); ++index) {
      const PageFrame frame = TRY(page_frame(index));
      // The page's rotation is part of the placement, so qpdf's own matrix for it is not used;
      // its /BBox (the trim box) is replaced by what readers show of the page, the crop box.
      QPDFObjectHandle form = pages[index].getFormXObjectForPage(false);
      QPDFObjectHandle dictionary = form.getDict();
      // The page's transparency group, if it has one, is left out: the form is drawn first, on
      // the invoice page's blank backdrop, so composited as a group of its own it would look the
      // same, but readers would draw it apart first (Poppler then shades the edges of its fills
      // differently from the letterhead itself). FIXME: a letterhead that blends transparent
      // objects in a group colour space of its own (CMYK, say) now blends in the invoice page's.
      dictionary.removeKey("/Group");
      dictionary.replaceKey("/BBox", QPDFObjectHandle::newFromRectangle(QPDFObjectHandle::Rectangle(
                                       frame.left, frame.bottom, frame.right, frame.top)));
      std::vector<QPDFObjectHandle> matrix;
      for (const double number : placements[index]) {
        // A zero made negative by the placement's arithmetic is written "0", not "-0".
        matrix.push_back(QPDFObjectHandle::newReal(number == 0 ? 0.0 : number, 5));
      }
      dictionary.replaceKey("/Matrix", QPDFObjectHandle::newArray(matrix));
      // qpdf joins the page's content streams decoded; they are compressed once here.
      const std::string drawing = raw_data(form);
      form.replaceStreamData(deflated(drawing), QPDFObjectHandle::newName("/FlateDecode"),
                             QPDFObjectHandle::newNull());
      forms.push_back(copies.copyForeignObject(form));
    }
    ObjectWriter writer;
    PortableObjects portable;
    for (const QPDFObjectHandle& form : forms) {
      portable.forms.push_back(writer.number_of(form));
    }
    portable.objects = writer.write_all();
    return portable;
  });
}

} // namespace mailroom::pdf
