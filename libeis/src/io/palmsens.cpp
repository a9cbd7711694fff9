#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <eis/detail/iobin_util.hpp>
#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/io/palmsens.hpp>
#include <eis/io/text.hpp>

namespace eis::io {
namespace {

using nlohmann::json;

// UTF-16LE (after the BOM) → UTF-8. Lone surrogates become U+FFFD; a BOM inside the text
// (PSTrace appends one after the JSON) is dropped.
std::string utf16le_to_utf8(std::string_view bytes, const std::string& file) {
  if (bytes.size() % 2 != 0) {
    throw ParseError("UTF-16 content has an odd number of bytes (" +
                         eis::detail::to_text(bytes.size()) + ") at byte offset " +
                         eis::detail::to_text(bytes.size() - 1),
                     0,
                     0,
                     file);
  }
  // A BOM inside the text (U+FEFF, UTF-8 EF BB BF) is dropped.
  std::string out = utf16_to_utf8(bytes, /*little_endian=*/true);
  static constexpr std::string_view bom = "\xEF\xBB\xBF";
  for (std::size_t at = out.find(bom); at != std::string::npos; at = out.find(bom, at)) {
    out.erase(at, bom.size());
  }
  return out;
}

// 1-based line and column of a byte offset in the decoded text.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const auto before = text.substr(0, offset);
  const std::size_t line =
      static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  const std::size_t last_newline = before.rfind('\n');
  const std::size_t column =
      last_newline == std::string_view::npos ? offset + 1 : offset - last_newline;
  return {line, column};
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const json& object, const char* key) {
  const json* v = member(object, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string{};
}

// .NET DateTime ticks (100 ns since 0001-01-01, instrument-local time) → ISO 8601.
std::string iso_from_ticks(const json& ticks) {
  if (!ticks.is_number_integer() && !ticks.is_number_unsigned()) {
    return {};
  }
  const double seconds_since_0001 = ticks.get<double>() / 1e7;
  const double unix_offset = -static_cast<double>(detail::days_from_civil(1, 1, 1)) * 86400.0;
  return detail::iso_datetime_from_unix(seconds_since_0001 - unix_offset).value_or("");
}

struct Context {
  const std::string& file;
  [[noreturn]] void fail(const std::string& where, const std::string& message) const {
    throw ParseError(where + ": " + message, 0, 0, file);
  }
};

std::vector<double> data_values(const json& values, const std::string& where, const Context& ctx) {
  const json* list = member(values, "DataValues");
  if (list == nullptr || !list->is_array()) {
    ctx.fail(where, "no DataValues array");
  }
  std::vector<double> out;
  out.reserve(list->size());
  for (std::size_t k = 0; k < list->size(); ++k) {
    const json* v = member((*list)[k], "V");
    if (v == nullptr || !v->is_number()) {
      ctx.fail(where + ".DataValues[" + eis::detail::to_text(k) + "]",
               "V is missing or not a number");
    }
    out.push_back(v->get<double>());
  }
  return out;
}

}  // namespace

bool looks_like_palmsens_session(std::string_view bytes, std::string_view name) {
  if (bytes.substr(0, 4) == std::string_view("\xFF\xFE{\x00", 4)) {
    return true;
  }
  return detail::has_extension(name, ".pssession") && bytes.substr(0, 2) == "\xFF\xFE";
}

ReadResult read_palmsens_session(std::string_view bytes,
                                 std::string_view name,
                                 const ReadOptions& /*options*/) {
  const std::string file(name);
  const Context ctx{file};
  if (bytes.substr(0, 2) != "\xFF\xFE") {
    throw ParseError(
        "not a PalmSens session: no UTF-16LE byte-order mark at byte offset 0", 0, 0, file);
  }
  const std::string text = utf16le_to_utf8(bytes.substr(2), file);
  const std::size_t last_brace = text.rfind('}');
  if (last_brace == std::string::npos) {
    const auto [line, column] = line_column(text, text.size());
    throw ParseError("no JSON object in the session file", line, column, file);
  }
  json root;
  try {
    root = json::parse(std::string_view(text).substr(0, last_brace + 1));
  } catch (const json::parse_error& e) {
    const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    throw ParseError("malformed JSON (" + std::string(e.what()) + ")", line, column, file);
  } catch (const json::exception& e) {  // e.g. a number out of range
    throw ParseError("malformed JSON (" + std::string(e.what()) + ")", 0, 0, file);
  }
  const json* measurements = member(root, "Measurements");
  if (measurements == nullptr || !measurements->is_array()) {
    ctx.fail("root", "no Measurements array");
  }
  ReadResult result;
  result.file = file;
  result.reader = "palmsens-pssession";
  for (std::size_t i = 0; i < measurements->size(); ++i) {
    const json& measurement = (*measurements)[i];
    const std::string mwhere = "Measurements[" + eis::detail::to_text(i) + "]";
    const json* eis_list = member(measurement, "EISDataList");
    if (eis_list == nullptr || eis_list->is_null()) {
      result.warnings.push_back(mwhere + " has no EIS data (not read)");
      continue;
    }
    if (!eis_list->is_array()) {
      ctx.fail(mwhere, "EISDataList is not an array");
    }
    for (std::size_t j = 0; j < eis_list->size(); ++j) {
      const std::string where = mwhere + ".EISDataList[" + eis::detail::to_text(j) + "]";
      const json* data_set = member((*eis_list)[j], "DataSet");
      const json* values = data_set != nullptr ? member(*data_set, "Values") : nullptr;
      if (values == nullptr || !values->is_array()) {
        ctx.fail(where, "no DataSet.Values array");
      }
      std::vector<double> f;
      std::vector<double> re;
      std::vector<double> im;
      std::vector<double> edc;
      bool im_is_negated = true;
      bool have_f = false;
      bool have_re = false;
      bool have_im = false;
      for (std::size_t k = 0; k < values->size(); ++k) {
        const json& v = (*values)[k];
        const json* unit = member(v, "Unit");
        if (unit == nullptr) {
          continue;
        }
        const std::string type = string_member(*unit, "Type");
        const std::string vwhere = where + ".DataSet.Values[" + eis::detail::to_text(k) + "]";
        if (type == "PalmSens.Units.Hertz" && !have_f) {
          f = data_values(v, vwhere, ctx);
          have_f = true;
        } else if (type == "PalmSens.Units.ZRe" && !have_re) {
          re = data_values(v, vwhere, ctx);
          have_re = true;
        } else if (type == "PalmSens.Units.ZIm" && !have_im) {
          im = data_values(v, vwhere, ctx);
          im_is_negated = string_member(*unit, "Q") != "Z''";
          have_im = true;
        } else if (string_member(v, "Description") == "mEdc") {
          edc = data_values(v, vwhere, ctx);
        }
      }
      if (!have_f || !have_re || !have_im) {
        ctx.fail(where, "missing the Hertz, ZRe or ZIm array");
      }
      if (re.size() != f.size() || im.size() != f.size()) {
        ctx.fail(where,
                 "the frequency, ZRe and ZIm arrays have " + eis::detail::to_text(f.size()) + ", " +
                     eis::detail::to_text(re.size()) + " and " + eis::detail::to_text(im.size()) +
                     " values");
      }
      if (f.empty()) {
        result.warnings.push_back(where + " holds 0 points (skipped)");
        continue;
      }
      Spectrum s;
      for (std::size_t p = 0; p < f.size(); ++p) {
        if (!(std::isfinite(f[p]) && f[p] > 0.0) || !std::isfinite(re[p]) ||
            !std::isfinite(im[p])) {
          ctx.fail(where,
                   "point " + eis::detail::to_text(p + 1) + ": frequency " +
                       eis::detail::to_text(f[p]) + " Hz or impedance is not usable");
        }
        s.frequency_hz.push_back(f[p]);
        s.impedance_ohm.emplace_back(re[p], im_is_negated ? -im[p] : im[p]);
      }
      auto& meta = s.metadata;
      meta.technique = "EIS";
      if (const json* stamp = member(measurement, "TimeStamp")) {
        meta.start_time = iso_from_ticks(*stamp);
      }
      const std::string serial = string_member(measurement, "DeviceSerial");
      if (!serial.empty()) {
        meta.instrument = "PalmSens " + serial;
      }
      if (edc.size() == f.size()) {
        double sum = 0.0;
        for (const double e : edc) {
          sum += e;
        }
        if (std::isfinite(sum)) {
          meta.dc_potential_v = sum / static_cast<double>(edc.size());
        }
      }
      meta.column_names = {"Frequency/Hz", "ZRe/Ohm", "ZIm(-Z'')/Ohm"};
      const std::string title = string_member(measurement, "Title");
      if (!title.empty()) {
        meta.extra["measurement title"] = title;
      }
      const std::string curve_title = string_member((*eis_list)[j], "Title");
      if (!curve_title.empty()) {
        meta.extra["data set title"] = curve_title;
      }
      detail::finish_spectrum(s);
      result.spectra.push_back(std::move(s));
    }
  }
  if (result.spectra.empty()) {
    ctx.fail("root", "the session holds no EIS data");
  }
  return result;
}

}  // namespace eis::io
