#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <eis/detail/byte_reader.hpp>
#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/io/biologic_mpr.hpp>
#include <eis/io/text.hpp>

namespace eis::io {
namespace {

using detail::ByteReader;

constexpr std::string_view mpr_magic = "BIO-LOGIC MODULAR FILE\x1a";
constexpr std::size_t first_module_offset = 52;  // FORMATS.md §3.2
constexpr std::size_t module_name_bytes = 10 + 25;

enum class ColumnType : std::uint8_t { f32, f64, u8, u16, u32, flag };

struct ColumnSpec {
  int id;
  std::string_view name;
  ColumnType type;
  std::uint8_t flag_mask;  // for ColumnType::flag
};

// Column ID → (name as in the .mpt export, storage type). These IDs are the facts documented
// by galvani's BioLogic.py and yadg's eclab reader (both GPL-3.0); every ID that occurs in
// tests/data/{yadg,hybrid_drt,chemotion} was checked against the column line of its .mpt twin.
// IDs 1, 2, 3, 21, 31 and 65 are bits of one shared flag byte.
constexpr std::array column_specs{
    ColumnSpec{1, "mode", ColumnType::flag, 0x03},
    ColumnSpec{2, "ox/red", ColumnType::flag, 0x04},
    ColumnSpec{3, "error", ColumnType::flag, 0x08},
    ColumnSpec{4, "time/s", ColumnType::f64, 0},
    ColumnSpec{5, "control/V/mA", ColumnType::f32, 0},
    ColumnSpec{6, "Ewe/V", ColumnType::f32, 0},
    ColumnSpec{7, "dq/mA.h", ColumnType::f64, 0},
    ColumnSpec{8, "I/mA", ColumnType::f32, 0},
    ColumnSpec{9, "Ece/V", ColumnType::f32, 0},
    ColumnSpec{11, "<I>/mA", ColumnType::f64, 0},
    ColumnSpec{13, "(Q-Qo)/mA.h", ColumnType::f64, 0},
    ColumnSpec{16, "Analog IN 1/V", ColumnType::f32, 0},
    ColumnSpec{17, "Analog IN 2/V", ColumnType::f32, 0},
    ColumnSpec{19, "control/V", ColumnType::f32, 0},
    ColumnSpec{20, "control/mA", ColumnType::f32, 0},
    ColumnSpec{21, "control changes", ColumnType::flag, 0x10},
    ColumnSpec{23, "dQ/mA.h", ColumnType::f64, 0},
    ColumnSpec{24, "cycle number", ColumnType::f64, 0},
    ColumnSpec{26, "Rapp/Ohm", ColumnType::f32, 0},
    ColumnSpec{27, "Ewe-Ece/V", ColumnType::f32, 0},
    ColumnSpec{31, "Ns changes", ColumnType::flag, 0x20},
    ColumnSpec{32, "freq/Hz", ColumnType::f32, 0},
    ColumnSpec{33, "|Ewe|/V", ColumnType::f32, 0},
    ColumnSpec{34, "|I|/A", ColumnType::f32, 0},
    ColumnSpec{35, "Phase(Z)/deg", ColumnType::f32, 0},
    ColumnSpec{36, "|Z|/Ohm", ColumnType::f32, 0},
    ColumnSpec{37, "Re(Z)/Ohm", ColumnType::f32, 0},
    ColumnSpec{38, "-Im(Z)/Ohm", ColumnType::f32, 0},
    ColumnSpec{39, "I Range", ColumnType::u16, 0},
    ColumnSpec{65, "counter inc.", ColumnType::flag, 0x80},
    ColumnSpec{69, "R/Ohm", ColumnType::f32, 0},
    ColumnSpec{70, "P/W", ColumnType::f32, 0},
    ColumnSpec{74, "|Energy|/W.h", ColumnType::f64, 0},
    ColumnSpec{75, "Analog OUT/V", ColumnType::f32, 0},
    ColumnSpec{76, "<I>/mA", ColumnType::f32, 0},
    ColumnSpec{77, "<Ewe>/V", ColumnType::f32, 0},
    ColumnSpec{78, "Cs-2/µF-2", ColumnType::f32, 0},
    ColumnSpec{96, "|Ece|/V", ColumnType::f32, 0},
    ColumnSpec{98, "Phase(Zce)/deg", ColumnType::f32, 0},
    ColumnSpec{99, "|Zce|/Ohm", ColumnType::f32, 0},
    ColumnSpec{100, "Re(Zce)/Ohm", ColumnType::f32, 0},
    ColumnSpec{101, "-Im(Zce)/Ohm", ColumnType::f32, 0},
    ColumnSpec{123, "Energy charge/W.h", ColumnType::f64, 0},
    ColumnSpec{124, "Energy discharge/W.h", ColumnType::f64, 0},
    ColumnSpec{125, "Capacitance charge/µF", ColumnType::f64, 0},
    ColumnSpec{126, "Capacitance discharge/µF", ColumnType::f64, 0},
    ColumnSpec{131, "Ns", ColumnType::u16, 0},
    ColumnSpec{163, "|Estack|/V", ColumnType::f32, 0},
    ColumnSpec{168, "Rcmp/Ohm", ColumnType::f32, 0},
    ColumnSpec{169, "Cs/µF", ColumnType::f32, 0},
    ColumnSpec{172, "Cp/µF", ColumnType::f32, 0},
    ColumnSpec{173, "Cp-2/µF-2", ColumnType::f32, 0},
    ColumnSpec{174, "<Ewe>/V", ColumnType::f32, 0},
    ColumnSpec{178, "(Q-Qo)/C", ColumnType::f32, 0},
    ColumnSpec{179, "dQ/C", ColumnType::f32, 0},
    ColumnSpec{182, "step time/s", ColumnType::f64, 0},
    ColumnSpec{211, "Q charge/discharge/mA.h", ColumnType::f64, 0},
    ColumnSpec{212, "half cycle", ColumnType::u32, 0},
    ColumnSpec{213, "z cycle", ColumnType::u32, 0},
    ColumnSpec{430, "Phase(Zwe-ce)/deg", ColumnType::f32, 0},
    ColumnSpec{431, "|Zwe-ce|/Ohm", ColumnType::f32, 0},
    ColumnSpec{432, "Re(Zwe-ce)/Ohm", ColumnType::f32, 0},
    ColumnSpec{433, "-Im(Zwe-ce)/Ohm", ColumnType::f32, 0},
    ColumnSpec{434, "(Q-Qo)/C", ColumnType::f32, 0},
    ColumnSpec{435, "dQ/C", ColumnType::f32, 0},
    ColumnSpec{438, "step time/s", ColumnType::f64, 0},
    ColumnSpec{441, "<Ecv>/V", ColumnType::f32, 0},
    ColumnSpec{462, "Temperature/°C", ColumnType::f32, 0},
    ColumnSpec{467, "Q charge/discharge/mA.h", ColumnType::f64, 0},
    ColumnSpec{468, "half cycle", ColumnType::u32, 0},
    ColumnSpec{469, "z cycle", ColumnType::u32, 0},
    ColumnSpec{471, "<Ece>/V", ColumnType::f32, 0},
    ColumnSpec{473, "THD Ewe/%", ColumnType::f32, 0},
    ColumnSpec{474, "THD I/%", ColumnType::f32, 0},
    ColumnSpec{476, "NSD Ewe/%", ColumnType::f32, 0},
    ColumnSpec{477, "NSD I/%", ColumnType::f32, 0},
    ColumnSpec{479, "NSR Ewe/%", ColumnType::f32, 0},
    ColumnSpec{480, "NSR I/%", ColumnType::f32, 0},
    ColumnSpec{498, "Q charge/mA.h", ColumnType::f64, 0},
    ColumnSpec{499, "Q discharge/mA.h", ColumnType::f64, 0},
    ColumnSpec{500, "step time/s", ColumnType::f64, 0},
    ColumnSpec{501, "Efficiency/%", ColumnType::f64, 0},
    ColumnSpec{502, "Capacity/mA.h", ColumnType::f64, 0},
    ColumnSpec{505, "Rdc/Ohm", ColumnType::f32, 0},
};

const ColumnSpec* find_spec(int id) noexcept {
  const auto* it = std::find_if(
      column_specs.begin(), column_specs.end(), [id](const ColumnSpec& s) { return s.id == id; });
  return it == column_specs.end() ? nullptr : &*it;
}

std::size_t type_size(ColumnType type) noexcept {
  switch (type) {
    case ColumnType::f64:
      return 8;
    case ColumnType::f32:
    case ColumnType::u32:
      return 4;
    case ColumnType::u16:
      return 2;
    case ColumnType::u8:
    case ColumnType::flag:
      return 1;
  }
  return 1;
}

// First byte of the settings module → technique. Only IDs whose .mpt twin in tests/data names
// the technique are listed (yadg/*.mpr, hybrid_drt/*.mpr, chemotion/*.mpr).
std::string technique_name(int id) {
  switch (id) {
    case 6:
      return "CV";
    case 24:
      return "CA";
    case 29:
      return "PEIS";
    case 50:
      return "ZIR";
    case 108:
      return "LSV";
    case 127:
      return "MB";
    default:
      return "technique id " + eis::detail::to_text(id);
  }
}

// "MM/DD/YY", "MM.DD.YY" or "MM-DD-YY" (EC-Lab writes month first) → "20YY-MM-DD".
std::string iso_date(std::string_view raw) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (raw.size() == 8 && digit(raw[0]) && digit(raw[1]) && digit(raw[3]) && digit(raw[4]) &&
      digit(raw[6]) && digit(raw[7]) && raw[2] == raw[5] &&
      (raw[2] == '/' || raw[2] == '.' || raw[2] == '-')) {
    return "20" + std::string(raw.substr(6, 2)) + "-" + std::string(raw.substr(0, 2)) + "-" +
           std::string(raw.substr(3, 2));
  }
  std::string out;
  for (const char c : raw) {
    if (c >= 0x20 && c < 0x7f) {
      out += c;
    }
  }
  return out;
}

// Channel names in the "VMP ExtDev" module are length-prefixed Latin-1 strings with a unit
// ("Force/N", "Temperatur/°C"); the surrounding binary fields are not documented.
std::vector<std::string> external_channels(std::string_view module) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i + 1 < module.size(); ++i) {
    const auto length = static_cast<unsigned char>(module[i]);
    if (length < 3 || length > 40 || length > module.size() - i - 1) {
      continue;
    }
    const std::string_view text = module.substr(i + 1, length);
    const bool printable = std::all_of(text.begin(), text.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return (u >= 0x20 && u < 0x7f) || u >= 0xA0;
    });
    if (printable && text.find('/') != std::string_view::npos && text.front() != ' ') {
      names.push_back(windows1252_to_utf8(text));
      i += length;
    }
  }
  return names;
}

struct Module {
  std::string_view short_name;
  std::size_t header_offset = 0;
  std::size_t data_offset = 0;
  std::size_t length = 0;
  std::uint32_t version = 0;
  std::string_view date;
  bool new_layout = false;
};

std::vector<Module> read_modules(const ByteReader& in) {
  std::vector<Module> modules;
  std::size_t pos = first_module_offset;
  while (pos < in.size()) {
    if (in.slice(pos, 6, "a module magic") != "MODULE") {
      in.fail(pos, "expected \"MODULE\"");
    }
    Module m;
    m.header_offset = pos;
    m.short_name = in.slice(pos + 6, 10, "a module header");
    const std::size_t h = pos + 6 + module_name_bytes;
    in.require(h, 4, "a module header");
    // EC-Lab ≥ 11.50 puts FF FF FF FF where the length used to be (FORMATS.md §3.2).
    m.new_layout = in.u32_le(h, "a module header") == 0xFFFFFFFFU;
    if (m.new_layout) {
      m.length = in.u32_le(h + 4, "a module header");
      m.version = in.u32_le(h + 8, "a module header");
      m.date = in.slice(h + 16, 8, "a module header");
      m.data_offset = h + 24;
    } else {
      m.length = in.u32_le(h, "a module header");
      m.version = in.u32_le(h + 4, "a module header");
      m.date = in.slice(h + 8, 8, "a module header");
      m.data_offset = h + 16;
    }
    in.require(m.data_offset, m.length, "module \"" + std::string(m.short_name) + "\"");
    modules.push_back(m);
    pos = m.data_offset + m.length;
  }
  return modules;
}

struct Layout {
  std::vector<int> ids;
  std::size_t rows_offset = 0;  // absolute
};

Layout data_layout(const ByteReader& in, const Module& data, std::size_t column_count) {
  Layout layout;
  const std::size_t d = data.data_offset;
  std::size_t ids_offset = 0;
  std::size_t id_bytes = 2;
  std::size_t rows_in_module = 0;
  if (data.version == 2 || data.version == 3) {
    ids_offset = 5;
    rows_in_module = data.version == 3 ? 406 : 405;
  } else if (data.version == 0 && (data.new_layout || in.u8(d + 5, "the column list") == 0)) {
    ids_offset = 6;  // EC-Lab ≥ 11.50: one zero byte, then u16 IDs; rows at 1007
    rows_in_module = 1007;
  } else if (data.version == 0) {
    ids_offset = 5;  // oldest files: u8 IDs; rows at 100
    id_bytes = 1;
    rows_in_module = 100;
  } else {
    in.fail(data.header_offset,
            "unsupported data module version " + eis::detail::to_text(data.version));
  }
  if (ids_offset + id_bytes * column_count > rows_in_module) {
    in.fail(d + 4,
            "column count " + eis::detail::to_text(column_count) +
                " does not fit the data module header");
  }
  if (rows_in_module > data.length) {
    in.fail(d,
            "data module of " + eis::detail::to_text(data.length) +
                " bytes is shorter than its header (" + eis::detail::to_text(rows_in_module) +
                " bytes)");
  }
  for (std::size_t c = 0; c < column_count; ++c) {
    const std::size_t at = d + ids_offset + id_bytes * c;
    layout.ids.push_back(id_bytes == 2 ? in.u16_le(at, "the column list")
                                       : in.u8(at, "the column list"));
  }
  layout.rows_offset = d + rows_in_module;
  return layout;
}

}  // namespace

const MprColumn* MprData::find(std::string_view column_name) const noexcept {
  const auto it = std::find_if(
      columns.begin(), columns.end(), [&](const MprColumn& c) { return c.name == column_name; });
  return it == columns.end() ? nullptr : &*it;
}

bool looks_like_biologic_mpr(std::string_view bytes, std::string_view /*name*/) {
  return bytes.substr(0, mpr_magic.size()) == mpr_magic;
}

MprData decode_biologic_mpr(std::string_view bytes, std::string_view name) {
  const ByteReader in(bytes, name);
  if (!looks_like_biologic_mpr(bytes, name)) {
    in.fail(0, "not a BioLogic .mpr file (no \"BIO-LOGIC MODULAR FILE\" magic)");
  }
  const auto modules = read_modules(in);
  MprData out;
  const Module* data = nullptr;
  for (const auto& m : modules) {
    if (m.short_name == "VMP Set   " && out.technique_id < 0) {
      out.new_header_layout = m.new_layout;
      out.start_date = iso_date(m.date);
      if (m.length > 0) {
        out.technique_id = in.u8(m.data_offset, "the settings module");
        out.technique = technique_name(out.technique_id);
      }
    } else if (m.short_name == "VMP data  ") {
      if (data != nullptr) {
        in.fail(m.header_offset, "second data module");
      }
      data = &m;
    } else if (m.short_name == "VMP ExtDev") {
      out.external_device_channels = external_channels(bytes.substr(m.data_offset, m.length));
    }
  }
  if (data == nullptr) {
    in.fail(bytes.size(), "no \"VMP data\" module");
  }
  out.new_header_layout = out.new_header_layout || data->new_layout;
  out.data_module_version = static_cast<int>(data->version);
  if (out.start_date.empty()) {
    out.start_date = iso_date(data->date);
  }
  in.require(data->data_offset, 5, "the data module header");
  if (data->length < 5) {
    in.fail(data->data_offset, "data module too short for its header");
  }
  out.points = in.u32_le(data->data_offset, "the point count");
  const std::size_t column_count = in.u8(data->data_offset + 4, "the column count");
  if (out.points == 0) {
    in.fail(data->data_offset,
            "the data module holds 0 points: EC-Lab saved no data for this run (" +
                (out.technique.empty() ? std::string("unknown technique") : out.technique) + ")");
  }
  const Layout layout = data_layout(in, *data, column_count);

  // Row layout: every column in ID order; all flag IDs share the byte at the first one.
  struct Field {
    const ColumnSpec* spec;
    std::size_t offset;
  };
  std::vector<Field> fields;
  std::size_t row_size = 0;
  std::optional<std::size_t> flag_offset;
  for (std::size_t c = 0; c < layout.ids.size(); ++c) {
    const int id = layout.ids[c];
    const ColumnSpec* spec = find_spec(id);
    if (spec == nullptr) {
      in.fail(data->data_offset + 5 + 2 * c,
              "unknown column ID " + eis::detail::to_text(id) +
                  " (its size is unknown, so the rows " + "cannot be decoded)");
    }
    if (spec->type == ColumnType::flag) {
      if (!flag_offset) {
        flag_offset = row_size;
        row_size += 1;
      }
      fields.push_back({spec, *flag_offset});
    } else {
      fields.push_back({spec, row_size});
      row_size += type_size(spec->type);
    }
  }
  if (row_size == 0) {
    in.fail(data->data_offset + 4, "data module declares no columns");
  }
  const std::size_t available = data->data_offset + data->length - layout.rows_offset;
  if (out.points > available / row_size) {
    in.fail(layout.rows_offset,
            "data module declares " + eis::detail::to_text(out.points) + " rows of " +
                eis::detail::to_text(row_size) + " bytes but holds only " +
                eis::detail::to_text(available) + " bytes");
  }
  out.first_row_offset = layout.rows_offset;
  out.row_bytes = row_size;
  if (available != out.points * row_size) {
    out.warnings.push_back(eis::detail::to_text(available - out.points * row_size) +
                           " unexplained bytes after the last data row");
  }

  for (std::size_t c = 0; c < fields.size(); ++c) {
    MprColumn col;
    col.id = fields[c].spec->id;
    col.name = std::string(fields[c].spec->name);
    const auto same = std::count_if(fields.begin(),
                                    fields.begin() + static_cast<std::ptrdiff_t>(c),
                                    [&](const Field& g) { return g.spec->name == col.name; });
    if (same > 0) {
      col.name += " " + eis::detail::to_text(same + 1);
    }
    col.values.resize(out.points);
    out.columns.push_back(std::move(col));
  }
  for (std::size_t r = 0; r < out.points; ++r) {
    const std::size_t row = layout.rows_offset + r * row_size;
    for (std::size_t c = 0; c < fields.size(); ++c) {
      const auto& f = fields[c];
      const std::size_t at = row + f.offset;
      double v = 0.0;
      switch (f.spec->type) {
        case ColumnType::f32:
          v = static_cast<double>(in.f32_le(at, "a data row"));
          break;
        case ColumnType::f64:
          v = in.f64_le(at, "a data row");
          break;
        case ColumnType::u8:
          v = in.u8(at, "a data row");
          break;
        case ColumnType::u16:
          v = in.u16_le(at, "a data row");
          break;
        case ColumnType::u32:
          v = in.u32_le(at, "a data row");
          break;
        case ColumnType::flag: {
          const unsigned mask = f.spec->flag_mask;
          unsigned shift = 0;
          while (((mask >> shift) & 1U) == 0U) {
            ++shift;
          }
          v = static_cast<double>((in.u8(at, "a data row") & mask) >> shift);
          break;
        }
      }
      out.columns[c].values[r] = v;
    }
  }
  return out;
}

namespace {

const MprColumn* first_of(const MprData& d, std::initializer_list<std::string_view> names) {
  for (const auto name : names) {
    if (const auto* c = d.find(name)) {
      return c;
    }
  }
  return nullptr;
}

// A count stored as a float (cycle number) or integer column, checked before the cast.
int checked_int(const ByteReader& in, double value, std::size_t offset, std::string_view what) {
  if (!(std::isfinite(value) && value >= -2e9 && value <= 2e9)) {
    in.fail(offset,
            std::string(what) + " " + eis::detail::to_text(value) + " is not a usable integer");
  }
  return static_cast<int>(value);
}

double mean_of(const std::vector<double>& v, std::size_t begin, std::size_t end) {
  double sum = 0.0;
  for (std::size_t i = begin; i < end; ++i) {
    sum += v[i];
  }
  return end > begin ? sum / static_cast<double>(end - begin) : 0.0;
}

}  // namespace

ReadResult read_biologic_mpr(std::string_view bytes,
                             std::string_view name,
                             const ReadOptions& /*options*/) {
  const MprData d = decode_biologic_mpr(bytes, name);
  const ByteReader in(bytes, name);
  ReadResult result;
  result.file = std::string(name);
  result.reader = "biologic-mpr";
  result.warnings = d.warnings;

  std::vector<std::string> column_names;
  for (const auto& c : d.columns) {
    column_names.push_back(c.name);
  }
  const auto* freq = d.find("freq/Hz");
  const auto* re = d.find("Re(Z)/Ohm");
  const auto* mim = d.find("-Im(Z)/Ohm");
  const auto* mod = d.find("|Z|/Ohm");
  const auto* phase = d.find("Phase(Z)/deg");
  const auto* time = d.find("time/s");
  const auto* cycle = d.find("cycle number");
  const auto* ns = d.find("Ns");
  const auto* ewe = first_of(d, {"<Ewe>/V", "Ewe/V"});
  const auto* current = first_of(d, {"<I>/mA", "I/mA"});
  const bool has_z = freq != nullptr &&
                     ((re != nullptr && mim != nullptr) || (mod != nullptr && phase != nullptr));
  const std::size_t n = d.points;

  const auto is_eis_row = [&](std::size_t i) { return has_z && freq->values[i] != 0.0; };
  const auto row_offset = [&](std::size_t i) { return d.first_row_offset + i * d.row_bytes; };

  if (has_z) {
    constexpr double pi = 3.141592653589793238462643383279502884;
    std::size_t begin = 0;
    while (begin < n) {
      if (!is_eis_row(begin)) {
        ++begin;
        continue;
      }
      // Extend the sweep while cycle/Ns stay the same and the frequency keeps its direction.
      std::size_t end = begin + 1;
      int direction = 0;
      while (end < n && is_eis_row(end)) {
        if ((cycle != nullptr && cycle->values[end] != cycle->values[end - 1]) ||
            (ns != nullptr && ns->values[end] != ns->values[end - 1])) {
          break;
        }
        const double step = freq->values[end] - freq->values[end - 1];
        const int dir = step > 0 ? 1 : (step < 0 ? -1 : 0);
        if (direction != 0 && dir != 0 && dir != direction) {
          break;
        }
        if (direction == 0) {
          direction = dir;
        }
        ++end;
      }
      Spectrum s;
      for (std::size_t i = begin; i < end; ++i) {
        const double f = freq->values[i];
        Complex z;
        if (re != nullptr && mim != nullptr) {
          z = Complex(re->values[i], -mim->values[i]);
        } else {
          const double rad = phase->values[i] * pi / 180.0;
          z = Complex(mod->values[i] * std::cos(rad), mod->values[i] * std::sin(rad));
        }
        if (!(std::isfinite(f) && f > 0.0) || !std::isfinite(z.real()) ||
            !std::isfinite(z.imag())) {
          in.fail(row_offset(i),
                  "data row " + eis::detail::to_text(i + 1) + ": frequency " +
                      eis::detail::to_text(f) + " Hz or impedance (" +
                      eis::detail::to_text(z.real()) + ", " + eis::detail::to_text(z.imag()) +
                      ") Ohm is not usable");
        }
        s.frequency_hz.push_back(f);
        s.impedance_ohm.push_back(z);
        if (time != nullptr) {
          s.time_s.push_back(time->values[i]);
        }
      }
      auto& m = s.metadata;
      m.technique = d.technique;
      m.start_time = d.start_date;
      m.column_names = column_names;
      if (cycle != nullptr) {
        m.cycle = checked_int(in, cycle->values[begin], row_offset(begin), "cycle number");
      }
      if (ewe != nullptr) {
        m.dc_potential_v = mean_of(ewe->values, begin, end);
      }
      if (ns != nullptr) {
        m.extra["Ns"] =
            eis::detail::to_text(checked_int(in, ns->values[begin], row_offset(begin), "Ns"));
      }
      for (const auto& c : d.columns) {
        if (c.name.rfind("Analog IN", 0) == 0) {
          m.extra[c.name + " (mean)"] = eis::detail::to_text(mean_of(c.values, begin, end));
        }
      }
      for (std::size_t k = 0; k < d.external_device_channels.size(); ++k) {
        m.extra["external device channel " + eis::detail::to_text(k + 1)] =
            d.external_device_channels[k];
      }
      detail::finish_spectrum(s);
      result.spectra.push_back(std::move(s));
      begin = end;
    }
  }

  // A file without impedance sweeps (CV, LSV, CA, DC-only Modulo Bat) is a DC record. In a
  // file with sweeps, the DC rows (freq/Hz = 0: Modulo Bat steps) belong to another technique
  // and are skipped with a warning, as the .mpt reader does with the same rows.
  std::size_t dc_rows = 0;
  for (std::size_t i = 0; i < n; ++i) {
    dc_rows += is_eis_row(i) ? 0 : 1;
  }
  if (!result.spectra.empty()) {
    if (dc_rows > 0) {
      result.warnings.push_back(eis::detail::to_text(dc_rows) +
                                " DC rows (freq/Hz = 0, other Modulo Bat steps) skipped");
    }
  } else if (ewe != nullptr && current != nullptr && time != nullptr) {
    cv::Voltammogram v;
    for (std::size_t i = 0; i < n; ++i) {
      v.time_s.push_back(time->values[i]);
      v.potential_v.push_back(ewe->values[i]);
      v.current_a.push_back(current->values[i] * 1e-3);  // EC-Lab current unit is mA
      if (cycle != nullptr) {
        v.cycle.push_back(checked_int(in, cycle->values[i], row_offset(i), "cycle number"));
      }
    }
    v.metadata.technique = d.technique;
    v.metadata.start_time = d.start_date;
    v.metadata.column_names = column_names;
    result.voltammograms.push_back(std::move(v));
  }
  if (result.spectra.empty() && result.voltammograms.empty()) {
    in.fail(d.first_row_offset,
            "no impedance columns (freq/Hz with Re/-Im or |Z|/Phase) and no time, " +
                std::string("potential and current columns in the data module"));
  }
  return result;
}

}  // namespace eis::io
