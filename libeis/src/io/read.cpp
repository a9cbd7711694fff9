#include <array>
#include <fstream>
#include <iterator>
#include <sstream>

#include <eis/error.hpp>
#include <eis/io/biologic_mpr.hpp>
#include <eis/io/biologic_mpt.hpp>
#include <eis/io/gamry.hpp>
#include <eis/io/ivium.hpp>
#include <eis/io/palmsens.hpp>
#include <eis/io/read.hpp>
#include <eis/io/table.hpp>
#include <eis/io/text.hpp>
#include <eis/io/zahner.hpp>

namespace eis::io {
namespace {

/// One row per reader. `detect` looks at the raw bytes (and the name, for extension hints) and
/// must be cheap and never throw; `read` parses. Order matters: the first reader whose detect
/// returns true is used, so specific signatures come before the generic table.
struct ReaderEntry {
  std::string_view name;
  bool (*detect)(std::string_view bytes, std::string_view name);
  ReadResult (*read)(std::string_view bytes, std::string_view name, const ReadOptions& options);
};

constexpr std::array readers = {
    // Binary and structured formats: magic bytes or a binary layout, checked first.
    ReaderEntry{"biologic-mpr", &looks_like_biologic_mpr, &read_biologic_mpr},
    ReaderEntry{"palmsens-pssession", &looks_like_palmsens_session, &read_palmsens_session},
    ReaderEntry{"zahner-ism", &looks_like_zahner_ism, &read_zahner_ism},
    ReaderEntry{"ivium", &looks_like_ivium, &read_ivium},
    ReaderEntry{"biologic-mpt", &detect_biologic_mpt, &read_biologic_mpt},
    ReaderEntry{"gamry-dta", &detect_gamry, &read_gamry},
    // Generic delimited table: must stay last (it accepts any numeric table).
    ReaderEntry{"table", &detect_table, &read_table},
};

const ReaderEntry* find_reader(std::string_view name) {
  for (const auto& r : readers) {
    if (r.name == name) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> reader_names() {
  std::vector<std::string> names;
  for (const auto& r : readers) {
    names.emplace_back(r.name);
  }
  return names;
}

std::string detect_reader(std::string_view bytes, std::string_view name) {
  for (const auto& r : readers) {
    if (r.detect(bytes, name)) {
      return std::string(r.name);
    }
  }
  return {};
}

ReadResult read_bytes(std::string_view bytes, std::string_view name, const ReadOptions& options) {
  if (options.decimal_separator && *options.decimal_separator != '.' &&
      *options.decimal_separator != ',') {
    throw InvalidArgument("decimal separator must be '.' or ','");
  }
  const ReaderEntry* reader = nullptr;
  if (!options.reader.empty()) {
    reader = find_reader(options.reader);
    if (reader == nullptr) {
      std::string list;
      for (const auto& r : readers) {
        list += (list.empty() ? "" : ", ") + std::string(r.name);
      }
      throw InvalidArgument("unknown reader '" + options.reader + "'; known readers: " + list);
    }
  } else {
    if (trim(bytes).empty()) {
      throw ParseError("file is empty", 1, 0, std::string(name));
    }
    for (const auto& r : readers) {
      if (r.detect(bytes, name)) {
        reader = &r;
        break;
      }
    }
    if (reader == nullptr) {
      throw ParseError(looks_binary(bytes)
                           ? "unrecognised binary content: not a supported instrument file"
                           : "unrecognised content: no reader knows this format (use --reader "
                             "to force one)",
                       1,
                       0,
                       std::string(name));
    }
  }
  ReadResult result = reader->read(bytes, name, options);
  result.file = std::string(name);
  result.reader = std::string(reader->name);
  if (result.spectra.empty() && result.voltammograms.empty()) {
    throw ParseError("contains no spectrum and no voltammogram", 0, 0, std::string(name));
  }
  return result;
}

ReadResult read_file(const std::filesystem::path& path, const ReadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError("cannot open file", path.string());
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    throw IoError("error while reading file", path.string());
  }
  return read_bytes(buffer.str(), path.string(), options);
}

ReadResult read_any(const std::filesystem::path& path, const ReadOptions& options) {
  return read_file(path, options);
}

}  // namespace eis::io
