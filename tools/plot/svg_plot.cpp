#include "plot/svg_plot.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <system_error>

#include <eis/error.hpp>

namespace eis::plot {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Fixed-point text with `decimals` digits, locale-free (std::to_chars).
std::string fixed(double value, int decimals) {
  char buffer[64];
  const auto r =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed, decimals);
  if (r.ec != std::errc{}) {
    return "0";
  }
  return {buffer, r.ptr};
}

// Pixel coordinates with 2 decimals are ample for screen output.
std::string px(double value) {
  return fixed(value, 2);
}

// Minus sign U+2212 reads better than a hyphen in tick labels.
std::string typographic_minus(std::string text) {
  if (!text.empty() && text.front() == '-') {
    text.replace(0, 1, "\xE2\x88\x92");
  }
  return text;
}

// Decimals needed to print multiples of `step` exactly (step = {1, 2, 2.5, 5}·10^k).
int decimals_for_step(double step) {
  int d = 0;
  double scaled = step;
  while (d < 12 && std::abs(scaled - std::round(scaled)) > 1e-6 * std::max(1.0, scaled)) {
    scaled *= 10.0;
    ++d;
  }
  return d;
}

std::string format_linear_tick(double value, double step) {
  if (std::abs(value) < 1e-12 * std::max(1.0, step)) {
    return "0";
  }
  const double magnitude = std::max(std::abs(value), step);
  if (magnitude >= 1e6 || step < 1e-4) {
    char buffer[64];
    const auto r =
        std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific, 3);
    std::string text(buffer, r.ptr);
    // Trim trailing zeros of the mantissa: 1.500e+06 → 1.5e+06.
    const auto e = text.find('e');
    if (e != std::string::npos) {
      auto mantissa = text.substr(0, e);
      if (mantissa.find('.') != std::string::npos) {
        while (!mantissa.empty() && mantissa.back() == '0') {
          mantissa.pop_back();
        }
        if (!mantissa.empty() && mantissa.back() == '.') {
          mantissa.pop_back();
        }
      }
      text = mantissa + text.substr(e);
    }
    return typographic_minus(text);
  }
  return typographic_minus(fixed(value, decimals_for_step(step)));
}

// "10^n" as SVG text with a superscript exponent.
std::string decade_label(double value) {
  const int n = static_cast<int>(std::lround(std::log10(value)));
  return "10<tspan dy=\"-6\" font-size=\"75%\">" + typographic_minus(std::to_string(n)) +
         "</tspan>";
}

bool usable_on(Scale scale, double v) {
  return std::isfinite(v) && (scale == Scale::linear || v > 0.0);
}

struct Range {
  double lo = 0.0;
  double hi = 1.0;
};

// Data extent → displayed range with a margin; fixed limits win.
Range resolve_range(const Axis& axis, const std::vector<double>& values, const char* which) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const double v : values) {
    if (usable_on(axis.scale, v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  const bool log = axis.scale == Scale::log10;
  if (!(lo <= hi)) {
    lo = log ? 1.0 : 0.0;
    hi = log ? 10.0 : 1.0;
  } else if (lo == hi) {
    if (log) {
      lo /= 2.0;
      hi *= 2.0;
    } else {
      const double d = lo != 0.0 ? 0.1 * std::abs(lo) : 1.0;
      lo -= d;
      hi += d;
    }
  } else {
    const double margin = 0.04;
    if (log) {
      const double span = std::log10(hi) - std::log10(lo);
      lo = std::pow(10.0, std::log10(lo) - margin * span);
      hi = std::pow(10.0, std::log10(hi) + margin * span);
    } else {
      const double span = hi - lo;
      lo -= margin * span;
      hi += margin * span;
    }
  }
  if (axis.min) {
    lo = *axis.min;
  }
  if (axis.max) {
    hi = *axis.max;
  }
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi) || (log && lo <= 0.0)) {
    throw InvalidArgument(std::string("plot: the ") + which +
                          " axis range is empty or invalid for its scale (min " + fixed(lo, 6) +
                          ", max " + fixed(hi, 6) + ")");
  }
  return {lo, hi};
}

void check_sizes(const Series& s) {
  const auto fail = [&](const char* what) {
    throw InvalidArgument("plot: series '" + s.name + "' has " + what +
                          " of a different size than its x values");
  };
  if (s.y.size() != s.x.size()) {
    fail("y values");
  }
  if (!s.y_error.empty() && s.y_error.size() != s.x.size()) {
    fail("y errors");
  }
  if (!s.band_low.empty() && s.band_low.size() != s.x.size()) {
    fail("a band_low");
  }
  if (!s.band_high.empty() && s.band_high.size() != s.x.size()) {
    fail("a band_high");
  }
  if (s.band_low.empty() != s.band_high.empty()) {
    fail("only one band edge");
  }
}

struct Layout {
  double left = 0, top = 0, right = 0, bottom = 0;  // plot area in px (right/bottom are edges)
  Range xr, yr;
  Scale xs = Scale::linear, ys = Scale::linear;
  bool x_rev = false, y_rev = false;
  double X(double v) const {
    return x_rev ? map_coordinate(v, xr.lo, xr.hi, xs, right, left)
                 : map_coordinate(v, xr.lo, xr.hi, xs, left, right);
  }
  double Y(double v) const {
    return y_rev ? map_coordinate(v, yr.lo, yr.hi, ys, top, bottom)
                 : map_coordinate(v, yr.lo, yr.hi, ys, bottom, top);
  }
  bool ok(double x, double y) const { return usable_on(xs, x) && usable_on(ys, y); }
};

struct Writer {
  std::string out;
  Writer& operator<<(std::string_view s) {
    out += s;
    return *this;
  }
};

std::string stroke_dash(bool dashed) {
  return dashed ? " stroke-dasharray=\"6 4\"" : "";
}

void draw_marker(
    Writer& w, Marker m, double x, double y, double r, const std::string& color, bool filled) {
  const std::string paint = " fill=\"" + (filled ? xml_escape(color) : std::string("white")) +
                            "\" stroke=\"" + xml_escape(color) + "\" stroke-width=\"1.2\"";
  switch (m) {
    case Marker::circle:
      w << "<circle cx=\"" << px(x) << "\" cy=\"" << px(y) << "\" r=\"" << px(r) << "\"" << paint
        << "/>\n";
      break;
    case Marker::square:
      w << "<rect x=\"" << px(x - r) << "\" y=\"" << px(y - r) << "\" width=\"" << px(2 * r)
        << "\" height=\"" << px(2 * r) << "\"" << paint << "/>\n";
      break;
    case Marker::triangle:
      w << "<polygon points=\"" << px(x) << "," << px(y - 1.2 * r) << " " << px(x + 1.1 * r) << ","
        << px(y + 0.8 * r) << " " << px(x - 1.1 * r) << "," << px(y + 0.8 * r) << "\"" << paint
        << "/>\n";
      break;
    case Marker::diamond:
      w << "<polygon points=\"" << px(x) << "," << px(y - 1.3 * r) << " " << px(x + 1.3 * r) << ","
        << px(y) << " " << px(x) << "," << px(y + 1.3 * r) << " " << px(x - 1.3 * r) << "," << px(y)
        << "\"" << paint << "/>\n";
      break;
    case Marker::cross:
      w << "<path d=\"M" << px(x - r) << " " << px(y - r) << "L" << px(x + r) << " " << px(y + r)
        << "M" << px(x - r) << " " << px(y + r) << "L" << px(x + r) << " " << px(y - r)
        << "\" fill=\"none\" stroke=\"" << xml_escape(color) << "\" stroke-width=\"1.5\"/>\n";
      break;
  }
}

// Draws one panel into `w` at offset (ox, oy); `id` makes clip-path ids unique per document.
void render_panel(const Figure& f, double ox, double oy, int id, Writer& w) {
  for (const auto& s : f.series) {
    check_sizes(s);
  }
  // Colour map range.
  double cmin = std::numeric_limits<double>::infinity();
  double cmax = -cmin;
  for (const auto& s : f.series) {
    if (s.color_value && std::isfinite(*s.color_value)) {
      cmin = std::min(cmin, *s.color_value);
      cmax = std::max(cmax, *s.color_value);
    }
  }
  const bool has_cmap = f.color_map.has_value();
  if (has_cmap) {
    if (f.color_map->min) {
      cmin = *f.color_map->min;
    }
    if (f.color_map->max) {
      cmax = *f.color_map->max;
    }
    if (!(cmin <= cmax)) {
      cmin = 0.0;
      cmax = 1.0;
    }
  }
  const auto cmap_t = [&](double v) { return cmax > cmin ? (v - cmin) / (cmax - cmin) : 0.5; };
  std::vector<std::string> colors;
  std::size_t auto_index = 0;
  for (const auto& s : f.series) {
    if (!s.color.empty()) {
      colors.push_back(s.color);
    } else if (has_cmap && s.color_value) {
      colors.push_back(sequential_color(cmap_t(*s.color_value)));
    } else {
      colors.push_back(cycle_color(auto_index++));
    }
  }

  // Ranges from everything drawn.
  std::vector<double> xs, ys;
  for (const auto& s : f.series) {
    xs.insert(xs.end(), s.x.begin(), s.x.end());
    ys.insert(ys.end(), s.y.begin(), s.y.end());
    for (std::size_t i = 0; i < s.y_error.size(); ++i) {
      ys.push_back(s.y[i] - std::abs(s.y_error[i]));
      ys.push_back(s.y[i] + std::abs(s.y_error[i]));
    }
    ys.insert(ys.end(), s.band_low.begin(), s.band_low.end());
    ys.insert(ys.end(), s.band_high.begin(), s.band_high.end());
  }
  for (const auto& b : f.vertical_bands) {
    xs.push_back(b.x_min);
    xs.push_back(b.x_max);
  }
  for (const auto& r : f.reference_lines) {
    (r.orientation == ReferenceLine::Orientation::vertical ? xs : ys).push_back(r.value);
  }
  for (const auto& a : f.annotations) {
    xs.push_back(a.x);
    ys.push_back(a.y);
  }

  Layout L;
  L.xs = f.x_axis.scale;
  L.ys = f.y_axis.scale;
  L.x_rev = f.x_axis.reversed;
  L.y_rev = f.y_axis.reversed;
  L.xr = resolve_range(f.x_axis, xs, "x");
  L.yr = resolve_range(f.y_axis, ys, "y");
  const bool show_bar = has_cmap && f.color_map->show_bar;
  L.left = ox + 78.0;
  L.right = ox + f.width - 24.0 - (show_bar ? 84.0 : 0.0);
  L.top = oy + 14.0 + (f.title.empty() ? 0.0 : 26.0) + (f.top_axis ? 48.0 : 0.0);
  L.bottom = oy + f.height - 56.0;
  if (L.right - L.left < 40.0 || L.bottom - L.top < 40.0) {
    throw InvalidArgument("plot: the figure is too small for its decorations (width " +
                          fixed(f.width, 0) + " px, height " + fixed(f.height, 0) + " px)");
  }

  if (f.equal_aspect && L.xs == Scale::linear && L.ys == Scale::linear) {
    const double pw = L.right - L.left;
    const double ph = L.bottom - L.top;
    const double ux = (L.xr.hi - L.xr.lo) / pw;
    const double uy = (L.yr.hi - L.yr.lo) / ph;
    if (ux > uy) {
      const double c = 0.5 * (L.yr.lo + L.yr.hi);
      L.yr = {c - 0.5 * ux * ph, c + 0.5 * ux * ph};
    } else {
      const double c = 0.5 * (L.xr.lo + L.xr.hi);
      L.xr = {c - 0.5 * uy * pw, c + 0.5 * uy * pw};
    }
  }

  const std::string clip = "eisplot-clip-" + std::to_string(id);
  w << "<g font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n";
  w << "<rect x=\"" << px(ox) << "\" y=\"" << px(oy) << "\" width=\"" << px(f.width)
    << "\" height=\"" << px(f.height) << "\" fill=\"white\"/>\n";
  w << "<defs><clipPath id=\"" << clip << "\"><rect x=\"" << px(L.left) << "\" y=\"" << px(L.top)
    << "\" width=\"" << px(L.right - L.left) << "\" height=\"" << px(L.bottom - L.top)
    << "\"/></clipPath></defs>\n";
  if (!f.title.empty()) {
    w << "<text x=\"" << px(0.5 * (L.left + L.right)) << "\" y=\"" << px(oy + 24.0)
      << "\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">" << xml_escape(f.title)
      << "</text>\n";
  }

  // Ticks.
  struct Ticks {
    std::vector<double> major, minor;
    bool decades = false;
    double step = 1.0;
  };
  const auto make_ticks = [](Scale scale, Range r, int target) {
    Ticks t;
    if (scale == Scale::log10) {
      auto lt = log_ticks(r.lo, r.hi);
      t.major = lt.major;
      t.minor = lt.minor;
      t.decades = std::all_of(t.major.begin(),
                              t.major.end(),
                              [](double v) {
                                const double e = std::log10(v);
                                return std::abs(e - std::round(e)) < 1e-9;
                              }) &&
                  !t.major.empty();
      if (!t.decades && t.major.size() >= 2) {
        t.step = t.major[1] - t.major[0];
      }
    } else {
      t.major = linear_ticks(r.lo, r.hi, target);
      t.step = t.major.size() >= 2 ? t.major[1] - t.major[0] : (r.hi - r.lo);
    }
    return t;
  };
  const auto label_of = [](const Ticks& t, double v) {
    return t.decades ? decade_label(v) : format_linear_tick(v, t.step);
  };
  const Ticks xt = make_ticks(L.xs, L.xr, std::max(3, static_cast<int>((L.right - L.left) / 90)));
  const Ticks yt = make_ticks(L.ys, L.yr, std::max(3, static_cast<int>((L.bottom - L.top) / 60)));

  if (f.grid) {
    w << "<g stroke=\"#e6e6e6\" stroke-width=\"1\">\n";
    for (const double v : xt.major) {
      w << "<line x1=\"" << px(L.X(v)) << "\" y1=\"" << px(L.top) << "\" x2=\"" << px(L.X(v))
        << "\" y2=\"" << px(L.bottom) << "\"/>\n";
    }
    for (const double v : yt.major) {
      w << "<line x1=\"" << px(L.left) << "\" y1=\"" << px(L.Y(v)) << "\" x2=\"" << px(L.right)
        << "\" y2=\"" << px(L.Y(v)) << "\"/>\n";
    }
    w << "</g>\n";
  }

  w << "<g clip-path=\"url(#" << clip << ")\">\n";
  // Vertical bands.
  for (const auto& b : f.vertical_bands) {
    if (!usable_on(L.xs, b.x_min) || !usable_on(L.xs, b.x_max)) {
      continue;
    }
    const double x1 = std::min(L.X(b.x_min), L.X(b.x_max));
    const double x2 = std::max(L.X(b.x_min), L.X(b.x_max));
    w << "<rect x=\"" << px(x1) << "\" y=\"" << px(L.top) << "\" width=\""
      << px(std::max(x2 - x1, 1.0)) << "\" height=\"" << px(L.bottom - L.top) << "\" fill=\""
      << xml_escape(b.color) << "\" fill-opacity=\"" << fixed(std::clamp(b.opacity, 0.0, 1.0), 3)
      << "\"/>\n";
  }
  // Series bands, lines, error bars, markers.
  for (std::size_t k = 0; k < f.series.size(); ++k) {
    const auto& s = f.series[k];
    if (s.band_low.empty()) {
      continue;
    }
    std::vector<std::size_t> run;
    const auto flush = [&] {
      if (run.size() >= 2) {
        w << "<polygon fill=\"" << xml_escape(colors[k]) << "\" fill-opacity=\"0.18\" points=\"";
        for (const auto i : run) {
          w << px(L.X(s.x[i])) << "," << px(L.Y(s.band_high[i])) << " ";
        }
        for (auto it = run.rbegin(); it != run.rend(); ++it) {
          w << px(L.X(s.x[*it])) << "," << px(L.Y(s.band_low[*it])) << " ";
        }
        w << "\"/>\n";
      }
      run.clear();
    };
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (L.ok(s.x[i], s.band_low[i]) && L.ok(s.x[i], s.band_high[i])) {
        run.push_back(i);
      } else {
        flush();
      }
    }
    flush();
  }
  for (const auto& r : f.reference_lines) {
    const bool vertical = r.orientation == ReferenceLine::Orientation::vertical;
    if (!usable_on(vertical ? L.xs : L.ys, r.value)) {
      continue;
    }
    if (vertical) {
      w << "<line x1=\"" << px(L.X(r.value)) << "\" y1=\"" << px(L.top) << "\" x2=\""
        << px(L.X(r.value)) << "\" y2=\"" << px(L.bottom) << "\"";
    } else {
      w << "<line x1=\"" << px(L.left) << "\" y1=\"" << px(L.Y(r.value)) << "\" x2=\""
        << px(L.right) << "\" y2=\"" << px(L.Y(r.value)) << "\"";
    }
    w << " stroke=\"" << xml_escape(r.color) << "\" stroke-width=\"1.2\"" << stroke_dash(r.dashed)
      << "/>\n";
  }
  for (std::size_t k = 0; k < f.series.size(); ++k) {
    const auto& s = f.series[k];
    if (s.style == Style::markers) {
      continue;
    }
    std::string points;
    std::size_t count = 0;
    const auto flush = [&] {
      if (count >= 2) {
        w << "<polyline fill=\"none\" stroke=\"" << xml_escape(colors[k]) << "\" stroke-width=\""
          << px(s.line_width) << "\" stroke-linejoin=\"round\"" << stroke_dash(s.dashed)
          << " points=\"" << points << "\"/>\n";
      }
      points.clear();
      count = 0;
    };
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (L.ok(s.x[i], s.y[i])) {
        points += px(L.X(s.x[i])) + "," + px(L.Y(s.y[i])) + " ";
        ++count;
      } else {
        flush();
      }
    }
    flush();
  }
  for (std::size_t k = 0; k < f.series.size(); ++k) {
    const auto& s = f.series[k];
    for (std::size_t i = 0; i < s.y_error.size(); ++i) {
      const double e = std::abs(s.y_error[i]);
      if (!std::isfinite(e) || !L.ok(s.x[i], s.y[i])) {
        continue;
      }
      const double x = L.X(s.x[i]);
      const double y1 = usable_on(L.ys, s.y[i] - e) ? L.Y(s.y[i] - e) : L.bottom + 10.0;
      const double y2 = L.Y(s.y[i] + e);
      w << "<path d=\"M" << px(x) << " " << px(y1) << "V" << px(y2) << "M" << px(x - 3) << " "
        << px(y1) << "H" << px(x + 3) << "M" << px(x - 3) << " " << px(y2) << "H" << px(x + 3)
        << "\" fill=\"none\" stroke=\"" << xml_escape(colors[k]) << "\" stroke-width=\"1\"/>\n";
    }
  }
  for (std::size_t k = 0; k < f.series.size(); ++k) {
    const auto& s = f.series[k];
    if (s.style == Style::line) {
      continue;
    }
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (L.ok(s.x[i], s.y[i])) {
        draw_marker(w, s.marker, L.X(s.x[i]), L.Y(s.y[i]), s.marker_size, colors[k], s.filled);
      }
    }
  }
  w << "</g>\n";

  // Labels of reference lines, bands and annotations (not clipped, so they stay readable).
  for (const auto& r : f.reference_lines) {
    const bool vertical = r.orientation == ReferenceLine::Orientation::vertical;
    if (r.label.empty() || !usable_on(vertical ? L.xs : L.ys, r.value)) {
      continue;
    }
    if (vertical) {
      const double x = L.X(r.value);
      if (x < L.left || x > L.right) {
        continue;
      }
      w << "<text x=\"" << px(x + 3) << "\" y=\"" << px(L.top + 12) << "\" font-size=\"10\" fill=\""
        << xml_escape(r.color) << "\">" << xml_escape(r.label) << "</text>\n";
    } else {
      const double y = L.Y(r.value);
      if (y < L.top || y > L.bottom) {
        continue;
      }
      w << "<text x=\"" << px(L.right - 3) << "\" y=\"" << px(y - 3)
        << "\" font-size=\"10\" text-anchor=\"end\" fill=\"" << xml_escape(r.color) << "\">"
        << xml_escape(r.label) << "</text>\n";
    }
  }
  for (const auto& b : f.vertical_bands) {
    if (b.label.empty() || !usable_on(L.xs, b.x_min) || !usable_on(L.xs, b.x_max)) {
      continue;
    }
    const double x = 0.5 * (L.X(b.x_min) + L.X(b.x_max));
    if (x < L.left || x > L.right) {
      continue;
    }
    w << "<text x=\"" << px(x) << "\" y=\"" << px(L.bottom - 6)
      << "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333333\">" << xml_escape(b.label)
      << "</text>\n";
  }
  for (const auto& a : f.annotations) {
    if (!L.ok(a.x, a.y)) {
      continue;
    }
    const char* anchor = a.anchor == Annotation::Anchor::start    ? "start"
                         : a.anchor == Annotation::Anchor::middle ? "middle"
                                                                  : "end";
    w << "<text x=\"" << px(L.X(a.x)) << "\" y=\"" << px(L.Y(a.y)) << "\" font-size=\""
      << px(a.font_size) << "\" text-anchor=\"" << anchor << "\" fill=\"" << xml_escape(a.color)
      << "\">" << xml_escape(a.text) << "</text>\n";
  }

  // Frame, ticks and tick labels.
  w << "<rect x=\"" << px(L.left) << "\" y=\"" << px(L.top) << "\" width=\"" << px(L.right - L.left)
    << "\" height=\"" << px(L.bottom - L.top)
    << "\" fill=\"none\" stroke=\"black\" stroke-width=\"1\"/>\n";
  w << "<g stroke=\"black\" stroke-width=\"1\">\n";
  for (const double v : xt.major) {
    w << "<line x1=\"" << px(L.X(v)) << "\" y1=\"" << px(L.bottom) << "\" x2=\"" << px(L.X(v))
      << "\" y2=\"" << px(L.bottom + 6) << "\"/>\n";
  }
  for (const double v : xt.minor) {
    w << "<line x1=\"" << px(L.X(v)) << "\" y1=\"" << px(L.bottom) << "\" x2=\"" << px(L.X(v))
      << "\" y2=\"" << px(L.bottom + 3) << "\"/>\n";
  }
  for (const double v : yt.major) {
    w << "<line x1=\"" << px(L.left - 6) << "\" y1=\"" << px(L.Y(v)) << "\" x2=\"" << px(L.left)
      << "\" y2=\"" << px(L.Y(v)) << "\"/>\n";
  }
  for (const double v : yt.minor) {
    w << "<line x1=\"" << px(L.left - 3) << "\" y1=\"" << px(L.Y(v)) << "\" x2=\"" << px(L.left)
      << "\" y2=\"" << px(L.Y(v)) << "\"/>\n";
  }
  w << "</g>\n";
  for (const double v : xt.major) {
    w << "<text x=\"" << px(L.X(v)) << "\" y=\"" << px(L.bottom + 20)
      << "\" text-anchor=\"middle\">" << label_of(xt, v) << "</text>\n";
  }
  for (const double v : yt.major) {
    w << "<text x=\"" << px(L.left - 9) << "\" y=\"" << px(L.Y(v) + 4) << "\" text-anchor=\"end\">"
      << label_of(yt, v) << "</text>\n";
  }
  w << "<text x=\"" << px(0.5 * (L.left + L.right)) << "\" y=\"" << px(L.bottom + 44)
    << "\" text-anchor=\"middle\" font-size=\"13\">" << xml_escape(f.x_axis.label) << "</text>\n";
  const double ylx = ox + 18.0;
  const double yly = 0.5 * (L.top + L.bottom);
  w << "<text x=\"" << px(ylx) << "\" y=\"" << px(yly) << "\" transform=\"rotate(-90 " << px(ylx)
    << " " << px(yly) << ")\" text-anchor=\"middle\" font-size=\"13\">"
    << xml_escape(f.y_axis.label) << "</text>\n";

  // Secondary x axis on top.
  if (f.top_axis && f.top_axis->from_primary && f.top_axis->to_primary) {
    const auto& t = *f.top_axis;
    const double a = t.from_primary(L.xr.lo);
    const double b = t.from_primary(L.xr.hi);
    if (std::isfinite(a) && std::isfinite(b) && a != b) {
      const auto ticks = linear_ticks(
          std::min(a, b), std::max(a, b), std::max(3, static_cast<int>((L.right - L.left) / 90)));
      const double step = ticks.size() >= 2 ? ticks[1] - ticks[0] : std::abs(b - a);
      w << "<g stroke=\"black\" stroke-width=\"1\">\n";
      std::string labels;
      for (const double v : ticks) {
        const double xv = t.to_primary(v);
        if (!usable_on(L.xs, xv)) {
          continue;
        }
        const double x = L.X(xv);
        if (x < L.left - 0.5 || x > L.right + 0.5) {
          continue;
        }
        w << "<line x1=\"" << px(x) << "\" y1=\"" << px(L.top - 6) << "\" x2=\"" << px(x)
          << "\" y2=\"" << px(L.top) << "\"/>\n";
        labels += "<text x=\"" + px(x) + "\" y=\"" + px(L.top - 10) + "\" text-anchor=\"middle\">" +
                  format_linear_tick(v, step) + "</text>\n";
      }
      w << "</g>\n" << labels;
      w << "<text x=\"" << px(0.5 * (L.left + L.right)) << "\" y=\"" << px(L.top - 30)
        << "\" text-anchor=\"middle\" font-size=\"13\">" << xml_escape(t.label) << "</text>\n";
    }
  }

  // Legend.
  std::vector<std::size_t> listed;
  for (std::size_t k = 0; k < f.series.size(); ++k) {
    if (!f.series[k].name.empty()) {
      listed.push_back(k);
    }
  }
  if (!listed.empty() && f.legend != LegendPosition::none) {
    std::size_t longest = 0;
    for (const auto k : listed) {
      longest = std::max(longest, f.series[k].name.size());
    }
    const double row = 16.0;
    const double bw = 40.0 + 6.5 * static_cast<double>(longest);
    const double bh = 8.0 + row * static_cast<double>(listed.size());
    const bool right =
        f.legend == LegendPosition::top_right || f.legend == LegendPosition::bottom_right;
    const bool top = f.legend == LegendPosition::top_right || f.legend == LegendPosition::top_left;
    const double bx = right ? L.right - bw - 8.0 : L.left + 8.0;
    const double by = top ? L.top + 8.0 : L.bottom - bh - 8.0;
    w << "<g font-size=\"11\">\n<rect x=\"" << px(bx) << "\" y=\"" << px(by) << "\" width=\""
      << px(bw) << "\" height=\"" << px(bh)
      << "\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#999999\" stroke-width=\"0.8\"/>\n";
    for (std::size_t r = 0; r < listed.size(); ++r) {
      const auto& s = f.series[listed[r]];
      const auto& c = colors[listed[r]];
      const double cy = by + 4.0 + row * (static_cast<double>(r) + 0.5);
      if (s.style != Style::markers) {
        w << "<line x1=\"" << px(bx + 6) << "\" y1=\"" << px(cy) << "\" x2=\"" << px(bx + 30)
          << "\" y2=\"" << px(cy) << "\" stroke=\"" << xml_escape(c) << "\" stroke-width=\""
          << px(s.line_width) << "\"" << stroke_dash(s.dashed) << "/>\n";
      }
      if (s.style != Style::line) {
        draw_marker(w, s.marker, bx + 18, cy, s.marker_size, c, s.filled);
      }
      w << "<text x=\"" << px(bx + 36) << "\" y=\"" << px(cy + 4) << "\">" << xml_escape(s.name)
        << "</text>\n";
    }
    w << "</g>\n";
  }

  // Colour bar.
  if (show_bar) {
    const double bx = L.right + 18.0;
    const double bw = 14.0;
    const int steps = 48;
    const double h = (L.bottom - L.top) / steps;
    w << "<g>\n";
    for (int i = 0; i < steps; ++i) {
      const double t = (i + 0.5) / steps;
      w << "<rect x=\"" << px(bx) << "\" y=\"" << px(L.bottom - (i + 1) * h) << "\" width=\""
        << px(bw) << "\" height=\"" << px(h + 0.5) << "\" fill=\"" << sequential_color(t)
        << "\"/>\n";
    }
    w << "<rect x=\"" << px(bx) << "\" y=\"" << px(L.top) << "\" width=\"" << px(bw)
      << "\" height=\"" << px(L.bottom - L.top)
      << "\" fill=\"none\" stroke=\"black\" stroke-width=\"0.8\"/>\n";
    if (cmax > cmin) {
      const auto ticks = linear_ticks(cmin, cmax, 5);
      const double step = ticks.size() >= 2 ? ticks[1] - ticks[0] : cmax - cmin;
      for (const double v : ticks) {
        const double y = L.bottom - (v - cmin) / (cmax - cmin) * (L.bottom - L.top);
        w << "<line x1=\"" << px(bx + bw) << "\" y1=\"" << px(y) << "\" x2=\"" << px(bx + bw + 4)
          << "\" y2=\"" << px(y) << "\" stroke=\"black\"/>\n";
        w << "<text x=\"" << px(bx + bw + 6) << "\" y=\"" << px(y + 4) << "\" font-size=\"10\">"
          << format_linear_tick(v, step) << "</text>\n";
      }
    }
    const double lx = bx + bw + 56.0;
    const double ly = 0.5 * (L.top + L.bottom);
    w << "<text x=\"" << px(lx) << "\" y=\"" << px(ly) << "\" transform=\"rotate(-90 " << px(lx)
      << " " << px(ly) << ")\" text-anchor=\"middle\" font-size=\"12\">"
      << xml_escape(f.color_map->label) << "</text>\n</g>\n";
  }
  w << "</g>\n";
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<double> linear_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi)) {
    return ticks;
  }
  target = std::max(target, 2);
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10.0 * magnitude;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw * (1.0 - 1e-9)) {
      step = m * magnitude;
      break;
    }
  }
  const double eps = 1e-9 * step;
  const double first = std::ceil((lo - eps) / step);
  for (double k = first;; k += 1.0) {
    double v = k * step;
    if (v > hi + eps) {
      break;
    }
    if (std::abs(v) < eps) {
      v = 0.0;
    }
    ticks.push_back(v);
    if (ticks.size() > 1000) {
      break;
    }
  }
  return ticks;
}

LogTicks log_ticks(double lo, double hi) {
  LogTicks t;
  if (!(lo > 0.0 && std::isfinite(hi) && lo < hi)) {
    return t;
  }
  const double eps = 1e-9;
  const int first = static_cast<int>(std::ceil(std::log10(lo) - eps));
  const int last = static_cast<int>(std::floor(std::log10(hi) + eps));
  const int decades = last - first + 1;
  if (decades < 2) {
    t.major = linear_ticks(lo, hi, 5);
    return t;
  }
  const int every = decades > 24 ? 4 : decades > 12 ? 2 : 1;
  for (int n = first; n <= last; ++n) {
    if ((n - first) % every == 0) {
      t.major.push_back(std::pow(10.0, n));
    }
  }
  if (decades <= 9) {
    for (int n = first - 1; n <= last; ++n) {
      for (int m = 2; m <= 9; ++m) {
        const double v = m * std::pow(10.0, n);
        if (v >= lo * (1 - eps) && v <= hi * (1 + eps)) {
          t.minor.push_back(v);
        }
      }
    }
  }
  return t;
}

double map_coordinate(double value, double lo, double hi, Scale scale, double p_lo, double p_hi) {
  if (scale == Scale::log10) {
    if (!(value > 0.0)) {
      return nan;
    }
    value = std::log10(value);
    lo = std::log10(lo);
    hi = std::log10(hi);
  }
  return p_lo + (value - lo) / (hi - lo) * (p_hi - p_lo);
}

std::string cycle_color(std::size_t index) {
  // A 10-colour qualitative palette (the common "category10" hues).
  static constexpr std::array<const char*, 10> palette = {"#1f77b4",
                                                          "#ff7f0e",
                                                          "#2ca02c",
                                                          "#d62728",
                                                          "#9467bd",
                                                          "#8c564b",
                                                          "#e377c2",
                                                          "#7f7f7f",
                                                          "#bcbd22",
                                                          "#17becf"};
  return palette[index % palette.size()];
}

std::string sequential_color(double t) {
  // Control points of a viridis-like ramp (dark blue → green → yellow), linearly interpolated.
  static constexpr std::array<std::array<double, 3>, 9> ramp = {{{68, 1, 84},
                                                                 {71, 44, 122},
                                                                 {59, 81, 139},
                                                                 {44, 113, 142},
                                                                 {33, 144, 141},
                                                                 {39, 173, 129},
                                                                 {92, 200, 99},
                                                                 {170, 220, 50},
                                                                 {253, 231, 37}}};
  if (!std::isfinite(t)) {
    t = 0.0;
  }
  t = std::clamp(t, 0.0, 1.0);
  const double pos = t * (ramp.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(pos), ramp.size() - 2);
  const double f = pos - static_cast<double>(i);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "#";
  for (std::size_t c = 0; c < 3; ++c) {
    const auto v = static_cast<int>(std::lround(ramp[i][c] + f * (ramp[i + 1][c] - ramp[i][c])));
    out += hex[(v >> 4) & 15];
    out += hex[v & 15];
  }
  return out;
}

std::string render_svg(std::span<const Figure> panels, int columns) {
  if (panels.empty() || columns < 1) {
    throw InvalidArgument("plot: render_svg needs at least one panel and columns >= 1");
  }
  const auto n = panels.size();
  const auto cols = static_cast<std::size_t>(columns);
  double total_w = 0.0;
  double total_h = 0.0;
  std::vector<double> row_y;
  for (std::size_t r = 0; r * cols < n; ++r) {
    double w = 0.0;
    double h = 0.0;
    for (std::size_t c = 0; c < cols && r * cols + c < n; ++c) {
      w += panels[r * cols + c].width;
      h = std::max(h, panels[r * cols + c].height);
    }
    row_y.push_back(total_h);
    total_w = std::max(total_w, w);
    total_h += h;
  }
  Writer w;
  w << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << px(total_w)
    << "\" height=\"" << px(total_h) << "\" viewBox=\"0 0 " << px(total_w) << " " << px(total_h)
    << "\">\n";
  for (std::size_t r = 0; r < row_y.size(); ++r) {
    double x = 0.0;
    for (std::size_t c = 0; c < cols && r * cols + c < n; ++c) {
      const auto& p = panels[r * cols + c];
      render_panel(p, x, row_y[r], static_cast<int>(r * cols + c), w);
      x += p.width;
    }
  }
  w << "</svg>\n";
  return std::move(w.out);
}

std::string render_svg(const Figure& figure) {
  return render_svg(std::span(&figure, 1), 1);
}

void write_svg(std::span<const Figure> panels, int columns, const std::filesystem::path& path) {
  const std::string text = render_svg(panels, columns);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw IoError("cannot open the plot file for writing", path.string());
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    throw IoError("cannot write the plot file", path.string());
  }
}

void write_svg(const Figure& figure, const std::filesystem::path& path) {
  write_svg(std::span(&figure, 1), 1, path);
}

}  // namespace eis::plot
