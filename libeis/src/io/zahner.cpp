#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <eis/detail/byte_reader.hpp>
#include <eis/detail/iobin_util.hpp>
#include <eis/detail/reader_support.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/io/text.hpp>
#include <eis/io/zahner.hpp>
#include <eis/units.hpp>

namespace eis::io {
namespace {

using detail::ByteReader;

constexpr std::size_t header_bytes = 12;     // int48 version + int48 (n − 1)
constexpr std::size_t bytes_per_point = 34;  // f, |Z|, φ, time (float64) + significance (int16)
constexpr std::size_t metadata_strings = 12;
constexpr std::size_t k_value_count = 32;

// Zahner strings: int16 length, then ASCII with upper and lower case swapped (FORMATS §3.13).
std::string swap_case(std::string_view raw) {
  std::string out(raw);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return windows1252_to_utf8(out);
}

}  // namespace

bool looks_like_zahner_ism(std::string_view bytes, std::string_view /*name*/) {
  if (bytes.size() < header_bytes) {
    return false;
  }
  const ByteReader in(bytes, "");
  if (in.unsigned_be(0, 2, "") != 0 || in.unsigned_be(2, 3, "") != 0xFFFFFFU) {
    return false;
  }
  const std::int64_t n = in.signed_be(6, 6, "") + 1;
  return n >= 1 && static_cast<std::uint64_t>(n) <= (bytes.size() - header_bytes) / bytes_per_point;
}

ReadResult read_zahner_ism(std::string_view bytes,
                           std::string_view name,
                           const ReadOptions& /*options*/) {
  const ByteReader in(bytes, name);
  in.require(0, header_bytes, "the .ism header");
  const std::int64_t count = in.signed_be(6, 6, "the point count") + 1;
  if (count < 1) {
    in.fail(6, "point count " + eis::detail::to_text(count) + " is not positive");
  }
  const auto n = static_cast<std::uint64_t>(count);
  if (n > (bytes.size() - header_bytes) / bytes_per_point) {
    in.fail(header_bytes,
            "file ends inside the data arrays (" + eis::detail::to_text(n) + " points need " +
                eis::detail::to_text(n * bytes_per_point) + " bytes)");
  }
  const std::size_t f_at = header_bytes;
  const std::size_t z_at = f_at + 8 * n;
  const std::size_t phase_at = z_at + 8 * n;
  const std::size_t time_at = phase_at + 8 * n;
  const std::size_t significance_at = time_at + 8 * n;
  std::vector<double> f(n);
  std::vector<double> modulus(n);
  std::vector<double> phase(n);
  std::vector<double> time(n);
  for (std::size_t i = 0; i < n; ++i) {
    f[i] = in.f64_be(f_at + 8 * i, "the frequency array");
    modulus[i] = in.f64_be(z_at + 8 * i, "the |Z| array");
    phase[i] = in.f64_be(phase_at + 8 * i, "the phase array");
    time[i] = in.f64_be(time_at + 8 * i, "the time array");
    if (!(std::isfinite(f[i]) && f[i] > 0.0)) {
      in.fail(f_at + 8 * i,
              "frequency " + eis::detail::to_text(f[i]) + " Hz is not finite and > 0");
    }
    if (!std::isfinite(modulus[i]) || !std::isfinite(phase[i])) {
      in.fail(z_at + 8 * i,
              "|Z| or phase of point " + eis::detail::to_text(i + 1) + " is not finite");
    }
  }

  ReadResult result;
  result.file = std::string(name);
  result.reader = "zahner-ism";
  Spectrum s;
  auto& meta = s.metadata;
  meta.technique = "EIS";

  // Metadata strings; the date (first) is required, a truncated rest is only a warning.
  std::size_t pos = significance_at + 2 * n;
  std::array<std::string, metadata_strings> strings;
  bool complete = true;
  for (std::size_t k = 0; k < metadata_strings; ++k) {
    if (k > 0 && !in.has(pos, 2)) {
      complete = false;
      break;
    }
    const std::int64_t length = in.signed_be(pos, 2, "a metadata string length");
    if (length < 0) {
      in.fail(pos, "negative metadata string length " + eis::detail::to_text(length));
    }
    if (k > 0 && !in.has(pos + 2, static_cast<std::size_t>(length))) {
      complete = false;
      break;
    }
    strings[k] =
        swap_case(in.slice(pos + 2, static_cast<std::size_t>(length), "a metadata string"));
    pos += 2 + static_cast<std::size_t>(length);
  }
  std::vector<double> k_values;
  if (complete && in.has(pos, 2 + 8 * k_value_count)) {
    for (std::size_t k = 0; k < k_value_count; ++k) {
      k_values.push_back(in.f64_be(pos + 2 + 8 * k, "the k-values"));
    }
    pos += 2 + 8 * k_value_count;
  } else {
    complete = false;
  }
  if (!complete) {
    result.warnings.push_back("metadata after the data arrays is truncated at byte offset " +
                              eis::detail::to_text(pos) + "; only the spectrum was read");
  }
  // Optional per-point DC record: (potential V, current A) float64 pairs.
  const bool has_dc = complete && bytes.size() - pos == 16 * n;

  const auto imax = static_cast<std::size_t>(std::max_element(f.begin(), f.end()) - f.begin());
  const auto imin = static_cast<std::size_t>(std::min_element(f.begin(), f.end()) - f.begin());
  const std::size_t first = std::min(imax, imin);
  const std::size_t last = std::max(imax, imin);
  const double t0 = *std::min_element(time.begin(), time.end());
  double dc_sum = 0.0;
  double dc_current_sum = 0.0;
  for (std::size_t i = first; i <= last; ++i) {
    s.frequency_hz.push_back(f[i]);
    s.impedance_ohm.emplace_back(modulus[i] * std::cos(phase[i]), modulus[i] * std::sin(phase[i]));
    s.time_s.push_back(time[i] - t0);
    if (has_dc) {
      dc_sum += in.f64_be(pos + 16 * i, "the DC record");
      dc_current_sum += in.f64_be(pos + 16 * i + 8, "the DC record");
    }
  }
  const std::size_t used = last - first + 1;
  if (used < n) {
    s.warnings.push_back(eis::detail::to_text(n - used) +
                         " samples before the f_max/f_min sweep (the overlapping start of the "
                         "Thales sweep) were skipped");
  }

  // Seconds since 1980-01-01 → ISO; a simulated file stores 0, 1, 2, … so fall back to the date
  // string DDMMYY then.
  constexpr double unix_1980 = 315532800.0;
  const auto& date = strings[0];
  if (t0 > 0.0) {
    if (auto iso = detail::iso_datetime_from_unix(t0 + unix_1980)) {
      meta.start_time = *iso;
    }
  }
  if (meta.start_time.empty() && date.size() >= 6 &&
      std::all_of(date.begin(), date.begin() + 6, [](char c) { return c >= '0' && c <= '9'; })) {
    const int yy = (date[4] - '0') * 10 + (date[5] - '0');
    meta.start_time = eis::detail::to_text(yy < 70 ? 2000 + yy : 1900 + yy) + "-" +
                      date.substr(2, 2) + "-" + date.substr(0, 2);
  }
  static constexpr std::array<std::string_view, metadata_strings> keys{"date",
                                                                       "system",
                                                                       "potential",
                                                                       "current",
                                                                       "temperature",
                                                                       "time window",
                                                                       "comment 1",
                                                                       "comment 2",
                                                                       "comment 3",
                                                                       "comment 4",
                                                                       "area",
                                                                       "serial"};
  for (std::size_t k = 0; k < metadata_strings; ++k) {
    if (!strings[k].empty()) {
      meta.extra[std::string(keys[k])] = strings[k];
    }
  }
  const auto& temperature = strings[4];
  if (!temperature.empty() && temperature.back() == 'C') {
    if (auto celsius = detail::parse_leading_double(temperature)) {
      meta.temperature_k = units::celsius_to_kelvin(*celsius);
    }
  }
  if (k_values.size() == k_value_count && std::isfinite(k_values[25]) && k_values[25] > 0.0) {
    meta.ac_amplitude_v = k_values[25] / 1000.0;
  }
  if (has_dc) {
    meta.dc_potential_v = dc_sum / static_cast<double>(used);
    meta.extra["dc current (mean) / A"] =
        eis::detail::to_text(dc_current_sum / static_cast<double>(used));
  }
  meta.column_names = {"frequency/Hz", "|Z|/Ohm", "phase/rad", "time/s", "significance"};
  detail::finish_spectrum(s);
  result.spectra.push_back(std::move(s));
  return result;
}

}  // namespace eis::io
