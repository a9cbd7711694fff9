#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <random>
#include <tuple>

#include <Eigen/Dense>

#include <eis/conductivity/transitions.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/units.hpp>

#include "../detail/golden_section.hpp"
#include "regression.hpp"

namespace eis::conductivity {

std::string to_string(SegmentLaw law) {
  switch (law) {
    case SegmentLaw::arrhenius:
      return "arrhenius";
    case SegmentLaw::arrhenius_t:
      return "arrhenius-t";
    case SegmentLaw::vtf:
      return "vtf";
    case SegmentLaw::automatic:
      break;
  }
  return "auto";
}

std::optional<SegmentLaw> parse_segment_law(std::string_view text) {
  for (const auto law :
       {SegmentLaw::arrhenius, SegmentLaw::arrhenius_t, SegmentLaw::vtf, SegmentLaw::automatic}) {
    if (text == to_string(law)) {
      return law;
    }
  }
  return std::nullopt;
}

std::string to_string(BreakKind kind) {
  switch (kind) {
    case BreakKind::jump:
      return "jump";
    case BreakKind::continuous:
      return "continuous";
    case BreakKind::any:
      break;
  }
  return "any";
}

std::optional<BreakKind> parse_break_kind(std::string_view text) {
  for (const auto kind : {BreakKind::any, BreakKind::jump, BreakKind::continuous}) {
    if (text == to_string(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

std::optional<int> parse_breakpoints(std::string_view text) {
  if (text == "auto") {
    return -1;
  }
  if (text == "none") {
    return 0;
  }
  int n = -1;
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, n);
  if (r.ec != std::errc{} || r.ptr != end || n < 0 || n > 2) {
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> TransitionOptions::validate() const {
  if (breakpoints < -1 || breakpoints > 2) {
    return "breakpoints must be -1 (automatic), 0, 1 or 2, got " +
           eis::detail::to_text(breakpoints);
  }
  if (max_breakpoints < 0 || max_breakpoints > 2) {
    return "max_breakpoints must be 0, 1 or 2, got " + eis::detail::to_text(max_breakpoints);
  }
  if (min_points_per_segment < 2) {
    return "min_points_per_segment must be >= 2";
  }
  if (bootstrap_draws < 0) {
    return "bootstrap_draws must be >= 0";
  }
  if (!(significance > 0.0 && significance < 1.0)) {
    return "significance must lie in (0, 1)";
  }
  if (!(confidence > 0.0 && confidence < 1.0)) {
    return "confidence must lie in (0, 1)";
  }
  if (const auto v = vtf.validate()) {
    return "vtf: " + *v;
  }
  return std::nullopt;
}

bool RunAnalysis::usable() const noexcept {
  return !segments.empty() && std::all_of(segments.begin(), segments.end(), [](const Segment& s) {
    return s.arrhenius.usable();
  });
}

bool ConductivityAnalysis::usable() const noexcept {
  return !runs.empty() &&
         std::all_of(runs.begin(), runs.end(), [](const RunAnalysis& r) { return r.usable(); });
}

const Transition* main_transition(const RunAnalysis& run) noexcept {
  const Transition* best = nullptr;
  for (const auto& t : run.transitions) {
    if (best == nullptr || std::abs(t.log10_jump) > std::abs(best->log10_jump)) {
      best = &t;
    }
  }
  return best;
}

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<ConductivityPoint> sorted_by_temperature(std::span<const ConductivityPoint> points) {
  std::vector<ConductivityPoint> p(points.begin(), points.end());
  std::stable_sort(p.begin(), p.end(), [](const auto& a, const auto& b) {
    return a.temperature_k < b.temperature_k;
  });
  return p;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// ---- segmented regression in standardised coordinates ------------------------------------
// Points sorted by increasing T, so x = 1/T decreases with the index. x is standardised,
// xs = (x − x̄)/s_x, and y centred, which keeps the prefix sums well conditioned; RSS values are
// unchanged by both.

enum class Kind { line, vtf, jump, continuous };

struct Model {
  Kind kind = Kind::line;
  int breakpoints = 0;
  std::array<std::size_t, 2> splits = {0, 0};  // jump: last index of each lower segment
  std::array<double, 2> psi = {0.0, 0.0};      // continuous: breakpoints in xs, ψ1 > ψ2
  double rss = inf;
  int parameters = 0;
  double bic = inf;
  std::vector<double> fitted;  // in the centred y space
};

class Segmenter {
 public:
  Segmenter(std::span<const double> t,
            std::span<const double> x,
            std::span<const double> w,
            std::size_t m_min,
            ArrheniusForm form,
            const VtfOptions* vtf_options)
      : t_(t.begin(), t.end()),
        w_(w.begin(), w.end()),
        n_(t.size()),
        m_(m_min),
        form_(form),
        vtf_(vtf_options) {
    double sw = 0.0, swx = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
      sw += w_[i];
      swx += w_[i] * x[i];
    }
    xm_ = swx / sw;
    double v = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
      v += w_[i] * (x[i] - xm_) * (x[i] - xm_);
    }
    xsd_ = std::sqrt(v / sw);
    if (!(xsd_ > 0.0)) {
      xsd_ = 1.0;
    }
    xs_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      xs_[i] = (x[i] - xm_) / xsd_;
    }
  }

  [[nodiscard]] double x_real(double xs) const { return xs * xsd_ + xm_; }
  [[nodiscard]] double slope_real(double b_std) const { return b_std / xsd_; }
  [[nodiscard]] std::size_t size() const { return n_; }
  [[nodiscard]] const std::vector<double>& xs() const { return xs_; }

  // Sets the (centred) ordinate and rebuilds the prefix sums.
  void set_y(std::span<const double> y) {
    double sw = 0.0, swy = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
      sw += w_[i];
      swy += w_[i] * y[i];
    }
    y_offset_ = swy / sw;
    y_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      y_[i] = y[i] - y_offset_;
    }
    for (auto* p : {&pw_, &px_, &py_, &pxx_, &pxy_, &pyy_}) {
      p->assign(n_ + 1, 0.0);
    }
    for (std::size_t i = 0; i < n_; ++i) {
      const double wi = w_[i], xi = xs_[i], yi = y_[i];
      pw_[i + 1] = pw_[i] + wi;
      px_[i + 1] = px_[i] + wi * xi;
      py_[i + 1] = py_[i] + wi * yi;
      pxx_[i + 1] = pxx_[i] + wi * xi * xi;
      pxy_[i + 1] = pxy_[i] + wi * xi * yi;
      pyy_[i + 1] = pyy_[i] + wi * yi * yi;
    }
  }
  [[nodiscard]] double y_offset() const { return y_offset_; }
  [[nodiscard]] const std::vector<double>& y() const { return y_; }

  // Line over [i0, i1): (a, b, rss) in standardised coordinates.
  [[nodiscard]] std::tuple<double, double, double> line(std::size_t i0, std::size_t i1) const {
    const double sw = pw_[i1] - pw_[i0];
    const double sx = px_[i1] - px_[i0];
    const double sy = py_[i1] - py_[i0];
    const double sxx = pxx_[i1] - pxx_[i0] - sx * sx / sw;
    const double sxy = pxy_[i1] - pxy_[i0] - sx * sy / sw;
    const double syy = pyy_[i1] - pyy_[i0] - sy * sy / sw;
    const double b = sxx > 0.0 ? sxy / sxx : 0.0;
    const double a = (sy - b * sx) / sw;
    const double rss = sxx > 0.0 ? syy - sxy * sxy / sxx : syy;
    return {a, b, std::max(rss, 0.0)};
  }
  [[nodiscard]] double line_rss(std::size_t i0, std::size_t i1) const {
    return std::get<2>(line(i0, i1));
  }

  // Jump model with given splits (segments [0, s1], [s1+1, s2], [s2+1, n)).
  [[nodiscard]] double jump_rss(int k, std::array<std::size_t, 2> s) const {
    if (k == 1) {
      return line_rss(0, s[0] + 1) + line_rss(s[0] + 1, n_);
    }
    return line_rss(0, s[0] + 1) + line_rss(s[0] + 1, s[1] + 1) + line_rss(s[1] + 1, n_);
  }

  // Continuous broken line with breakpoints psi (ψ1 > ψ2 in xs); +inf when a segment holds
  // fewer than m_min points. Optionally returns the coefficients (a, b, c1, c2).
  [[nodiscard]] double cont_rss(int k,
                                std::array<double, 2> psi,
                                Eigen::Vector4d* coef = nullptr) const {
    std::size_t above1 = 0, above2 = 0;  // points with x > ψ (the low-T side)
    for (std::size_t i = 0; i < n_; ++i) {
      above1 += xs_[i] > psi[0] ? 1U : 0U;
      above2 += (k == 2 && xs_[i] > psi[1]) ? 1U : 0U;
    }
    if (k == 1) {
      if (above1 < m_ || n_ - above1 < m_) {
        return inf;
      }
    } else if (psi[0] <= psi[1] || above1 < m_ || above2 - above1 < m_ || n_ - above2 < m_) {
      return inf;
    }
    const int c = k + 2;
    Eigen::Matrix4d a = Eigen::Matrix4d::Zero();
    Eigen::Vector4d r = Eigen::Vector4d::Zero();
    Eigen::Vector4d row;
    for (std::size_t i = 0; i < n_; ++i) {
      row << 1.0, xs_[i], std::max(xs_[i] - psi[0], 0.0),
          k == 2 ? std::max(xs_[i] - psi[1], 0.0) : 0.0;
      a.noalias() += w_[i] * row * row.transpose();
      r.noalias() += w_[i] * y_[i] * row;
    }
    const Eigen::MatrixXd ac = a.topLeftCorner(c, c);
    const Eigen::VectorXd beta = ac.ldlt().solve(r.head(c));
    double rss = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
      row << 1.0, xs_[i], std::max(xs_[i] - psi[0], 0.0),
          k == 2 ? std::max(xs_[i] - psi[1], 0.0) : 0.0;
      const double res = y_[i] - row.head(c).dot(beta);
      rss += w_[i] * res * res;
    }
    if (coef != nullptr) {
      coef->setZero();
      coef->head(c) = beta;
    }
    return std::isfinite(rss) ? rss : inf;
  }

  // Candidate ψ values: per gap between distinct consecutive x, `per_gap` interior points.
  [[nodiscard]] std::vector<double> psi_grid(int per_gap) const {
    std::vector<double> g;
    for (std::size_t i = 0; i + 1 < n_; ++i) {
      const double hi = xs_[i], lo = xs_[i + 1];
      if (hi > lo) {
        for (int j = 0; j < per_gap; ++j) {
          g.push_back(lo + (hi - lo) * (j + 0.5) / per_gap);
        }
      }
    }
    std::sort(g.begin(), g.end());
    return g;
  }

  [[nodiscard]] Model best_line() const {
    Model m;
    m.kind = Kind::line;
    m.parameters = 2;
    m.rss = line_rss(0, n_);
    return m;
  }

  [[nodiscard]] Model best_vtf() const {
    Model m;
    m.kind = Kind::vtf;
    m.parameters = 3;
    if (vtf_ == nullptr || n_ < 6) {
      return m;
    }
    std::vector<ConductivityPoint> pts(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      // Back from the centred log quantity to σ (the centring only rescales A).
      double s = std::exp(y_[i]);
      if (form_ == ArrheniusForm::sigma_t) {
        s /= t_[i];
      }
      pts[i] = {.temperature_k = t_[i],
                .sigma_s_per_cm = s,
                .sigma_stderr_s_per_cm = s / std::sqrt(w_[i])};
    }
    VtfOptions o = *vtf_;
    o.use_uncertainties = true;  // carries the weights w exactly (unit weights stay unit)
    try {
      const auto r = fit_vtf(pts, o);
      if (!(r.b_k > 0.0)) {
        return m;
      }
      m.rss = r.chi_square;
      m.fitted.resize(n_);
      for (std::size_t i = 0; i < n_; ++i) {
        double ln_sigma = r.ln_prefactor - r.b_k / (t_[i] - r.t0_k);
        if (r.form == VtfForm::inverse_sqrt_t) {
          ln_sigma -= 0.5 * std::log(t_[i]);
        }
        m.fitted[i] = ln_sigma + (form_ == ArrheniusForm::sigma_t ? std::log(t_[i]) : 0.0);
      }
    } catch (const InvalidArgument&) {
      m.rss = inf;
    }
    return m;
  }

  [[nodiscard]] Model best_jump(int k) const {
    Model m;
    m.kind = Kind::jump;
    m.breakpoints = k;
    m.parameters = 3 * k + 2;  // (k+1) lines of 2 parameters + k breakpoints
    if (n_ < static_cast<std::size_t>(k + 1) * m_) {
      return m;
    }
    if (k == 1) {
      for (std::size_t s = m_ - 1; s + m_ < n_; ++s) {
        const double r = jump_rss(1, {s, 0});
        if (r < m.rss) {
          m.rss = r;
          m.splits = {s, 0};
        }
      }
    } else {
      for (std::size_t s1 = m_ - 1; s1 + 2 * m_ < n_; ++s1) {
        for (std::size_t s2 = s1 + m_; s2 + m_ < n_; ++s2) {
          const double r = jump_rss(2, {s1, s2});
          if (r < m.rss) {
            m.rss = r;
            m.splits = {s1, s2};
          }
        }
      }
    }
    return m;
  }

  [[nodiscard]] Model best_continuous(int k) const {
    Model m;
    m.kind = Kind::continuous;
    m.breakpoints = k;
    m.parameters = 2 * k + 2;  // a, b, one slope change and one ψ per breakpoint
    if (n_ < static_cast<std::size_t>(k + 1) * m_ ||
        n_ < static_cast<std::size_t>(m.parameters) + 1) {
      return m;
    }
    if (k == 1) {
      const auto grid = psi_grid(4);
      std::size_t best = grid.size();
      for (std::size_t j = 0; j < grid.size(); ++j) {
        const double r = cont_rss(1, {grid[j], 0.0});
        if (r < m.rss) {
          m.rss = r;
          best = j;
        }
      }
      if (best == grid.size()) {
        return m;
      }
      const double lo = grid[best > 0 ? best - 1 : best];
      const double hi = grid[std::min(best + 1, grid.size() - 1)];
      const double psi = eis::detail::golden_section_minimise(
                             [&](double p) {
                               return cont_rss(1, {p, 0.0});
                             },
                             lo,
                             hi,
                             60)
                             .x;
      const double r = cont_rss(1, {psi, 0.0});
      m.psi = {grid[best], 0.0};
      if (r < m.rss) {
        m.rss = r;
        m.psi = {psi, 0.0};
      }
    } else {
      const auto grid = psi_grid(1);
      for (std::size_t j1 = 0; j1 < grid.size(); ++j1) {
        for (std::size_t j2 = 0; j2 < j1; ++j2) {
          const double r = cont_rss(2, {grid[j1], grid[j2]});
          if (r < m.rss) {
            m.rss = r;
            m.psi = {grid[j1], grid[j2]};
          }
        }
      }
      if (!std::isfinite(m.rss)) {
        return m;
      }
      // Coordinate refinement within the neighbouring grid cells.
      const double cell = grid.size() > 1
                              ? (grid.back() - grid.front()) / static_cast<double>(grid.size() - 1)
                              : 0.1;
      for (int round = 0; round < 3; ++round) {
        for (int j = 0; j < 2; ++j) {
          auto f = [&](double p) {
            auto q = m.psi;
            q[static_cast<std::size_t>(j)] = p;
            return cont_rss(2, q);
          };
          const double c = m.psi[static_cast<std::size_t>(j)];
          const double p =
              eis::detail::golden_section_minimise(f, c - 1.5 * cell, c + 1.5 * cell, 40).x;
          const double r = f(p);
          if (r < m.rss) {
            m.rss = r;
            m.psi[static_cast<std::size_t>(j)] = p;
          }
        }
      }
    }
    return m;
  }

  // Fitted values (centred y space) of a line / jump / continuous model.
  [[nodiscard]] std::vector<double> fitted(const Model& m) const {
    std::vector<double> f(n_, 0.0);
    const auto fill = [&](std::size_t i0, std::size_t i1) {
      const auto [a, b, r] = line(i0, i1);
      (void)r;
      for (std::size_t i = i0; i < i1; ++i) {
        f[i] = a + b * xs_[i];
      }
    };
    switch (m.kind) {
      case Kind::vtf:
        return m.fitted;
      case Kind::line:
        fill(0, n_);
        break;
      case Kind::jump:
        fill(0, m.splits[0] + 1);
        if (m.breakpoints == 1) {
          fill(m.splits[0] + 1, n_);
        } else {
          fill(m.splits[0] + 1, m.splits[1] + 1);
          fill(m.splits[1] + 1, n_);
        }
        break;
      case Kind::continuous: {
        Eigen::Vector4d c;
        (void)cont_rss(m.breakpoints, m.psi, &c);
        for (std::size_t i = 0; i < n_; ++i) {
          f[i] = c(0) + c(1) * xs_[i] + c(2) * std::max(xs_[i] - m.psi[0], 0.0) +
                 c(3) * std::max(xs_[i] - m.psi[1], 0.0);
        }
        break;
      }
    }
    return f;
  }

  [[nodiscard]] const std::vector<double>& weights() const { return w_; }
  [[nodiscard]] std::size_t min_points() const { return m_; }

 private:
  std::vector<double> t_, w_, xs_, y_;
  std::size_t n_;
  std::size_t m_;
  ArrheniusForm form_;
  const VtfOptions* vtf_;
  double xm_ = 0.0, xsd_ = 1.0, y_offset_ = 0.0;
  std::vector<double> pw_, px_, py_, pxx_, pxy_, pyy_;
};

void score(Model& m, std::size_t n) {
  m.bic =
      std::isfinite(m.rss) ? detail::bic(n, m.rss, static_cast<std::size_t>(m.parameters)) : inf;
}

// Best model with exactly k breakpoints among the allowed kinds (k = 0: line, and VTF when
// allowed).
Model best_family(const Segmenter& s, int k, BreakKind kind, bool allow_vtf) {
  std::vector<Model> c;
  if (k == 0) {
    c.push_back(s.best_line());
    if (allow_vtf) {
      c.push_back(s.best_vtf());
    }
  } else {
    if (kind != BreakKind::continuous) {
      c.push_back(s.best_jump(k));
    }
    if (kind != BreakKind::jump) {
      c.push_back(s.best_continuous(k));
    }
  }
  Model best;
  for (auto& m : c) {
    score(m, s.size());
    if (m.bic < best.bic) {
      best = m;
    }
  }
  return best;
}

// Parametric bootstrap p-value of adding one breakpoint to `null_model` (k − 1 breakpoints):
// simulate the null fit plus Gaussian residuals of its scale, redo both family searches, count
// how often the BIC improvement reaches the observed one (METHODS.md §7.4 step 2).
double bootstrap_p(Segmenter& s,
                   const Model& null_model,
                   int k,
                   double observed,
                   BreakKind kind,
                   bool allow_vtf,
                   int draws,
                   std::uint64_t seed) {
  if (draws <= 0) {
    return nan;
  }
  const auto original = s.y();  // centred
  const auto base = s.fitted(null_model);
  const std::size_t n = s.size();
  const double dof = static_cast<double>(n) - null_model.parameters;
  const double scale = std::sqrt(null_model.rss / std::max(dof, 1.0));
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> y(n);
  int exceed = 0;
  for (int d = 0; d < draws; ++d) {
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = base[i] + scale / std::sqrt(s.weights()[i]) * normal(rng);
    }
    s.set_y(y);
    const Model a = best_family(s, k - 1, kind, allow_vtf);
    const Model b = best_family(s, k, kind, allow_vtf);
    if (a.bic - b.bic >= observed) {
      ++exceed;
    }
  }
  s.set_y(original);
  return (1.0 + exceed) / (1.0 + draws);
}

// Profile-likelihood interval of a jump split: the splits whose RSS stays within
// exp(χ²/n) of the best one, the others held at their best position.
std::array<std::size_t, 2> split_interval(const Segmenter& s,
                                          const Model& m,
                                          int which,
                                          double crit) {
  const std::size_t n = s.size();
  const std::size_t mm = s.min_points();
  const auto j = static_cast<std::size_t>(which);
  std::size_t lo_bound = mm - 1, hi_bound = n - mm - 1;
  if (m.breakpoints == 2) {
    if (which == 0) {
      hi_bound = m.splits[1] - mm;
    } else {
      lo_bound = m.splits[0] + mm;
    }
  }
  const double limit = m.rss * std::exp(crit / static_cast<double>(n));
  std::size_t lo = m.splits[j], hi = m.splits[j];
  for (std::size_t k = lo_bound; k <= hi_bound; ++k) {
    auto sp = m.splits;
    sp[j] = k;
    if (s.jump_rss(m.breakpoints, sp) <= limit) {
      lo = std::min(lo, k);
      hi = std::max(hi, k);
    }
  }
  return {lo, hi};
}

// Profile-likelihood interval of a continuous breakpoint ψ_j (xs units), the other ψ fixed.
std::array<double, 2> psi_interval(const Segmenter& s, const Model& m, int which, double crit) {
  const std::size_t n = s.size();
  const auto j = static_cast<std::size_t>(which);
  const double limit = m.rss * std::exp(crit / static_cast<double>(n));
  const auto rss_at = [&](double p) {
    auto q = m.psi;
    q[j] = p;
    return s.cont_rss(m.breakpoints, q);
  };
  const auto& xs = s.xs();
  const double xmin = *std::min_element(xs.begin(), xs.end());
  const double xmax = *std::max_element(xs.begin(), xs.end());
  std::array<double, 2> out{};
  for (int side = 0; side < 2; ++side) {
    const double dir = side == 0 ? -1.0 : 1.0;
    const double edge = side == 0 ? xmin : xmax;
    const int steps = 400;
    double inside = m.psi[j];
    double found = nan;
    for (int i = 1; i <= steps; ++i) {
      const double p = m.psi[j] + dir * std::abs(edge - m.psi[j]) * i / steps;
      const double r = rss_at(p);
      if (!std::isfinite(r)) {
        break;  // segment too small: the interval ends at the admissible range
      }
      if (r > limit) {
        found = p;
        break;
      }
      inside = p;
    }
    if (!std::isnan(found)) {
      double a = inside, b = found;
      for (int it = 0; it < 60; ++it) {
        const double c = 0.5 * (a + b);
        (rss_at(c) > limit ? b : a) = c;
      }
      inside = 0.5 * (a + b);
    }
    out[static_cast<std::size_t>(side)] = inside;
  }
  return out;  // {lower ψ, upper ψ}
}

Segment fit_segment(std::span<const ConductivityPoint> pts,
                    std::size_t first,
                    std::size_t count,
                    const TransitionOptions& o,
                    ArrheniusForm form,
                    std::vector<std::string>& warn) {
  Segment seg;
  seg.first = first;
  seg.count = count;
  const auto sub = pts.subspan(first, count);
  seg.t_min_k = sub.front().temperature_k;
  seg.t_max_k = sub.back().temperature_k;
  seg.arrhenius = fit_arrhenius(
      sub, {.form = form, .use_uncertainties = o.use_uncertainties, .confidence = o.confidence});
  seg.aicc_arrhenius = seg.arrhenius.aicc;
  seg.law = form == ArrheniusForm::sigma ? SegmentLaw::arrhenius : SegmentLaw::arrhenius_t;
  const bool want_vtf = o.law == SegmentLaw::vtf || o.law == SegmentLaw::automatic;
  if (want_vtf && count >= 6) {
    VtfOptions vo = o.vtf;
    vo.confidence = o.confidence;
    vo.use_uncertainties = o.use_uncertainties;
    try {
      seg.vtf = fit_vtf(sub, vo);
      seg.aicc_vtf = seg.vtf->aicc;
    } catch (const InvalidArgument& e) {
      warn.push_back(std::string("VTF not fitted to the segment: ") + e.what());
    }
  }
  if (o.law == SegmentLaw::vtf) {
    if (seg.vtf && seg.vtf->usable()) {
      seg.law = SegmentLaw::vtf;
    } else {
      warn.push_back("segment " + eis::detail::to_text(seg.t_min_k) + "–" +
                     eis::detail::to_text(seg.t_max_k) +
                     " K: VTF needs at least 6 points and a usable fit; reporting Arrhenius");
    }
  } else if (o.law == SegmentLaw::automatic && seg.vtf && seg.vtf->usable() &&
             !seg.vtf->t0_at_bound && seg.aicc_vtf < seg.aicc_arrhenius) {
    // METHODS.md §7.3: Arrhenius is not nested in VTF; compare by AICc.
    seg.law = SegmentLaw::vtf;
  }
  return seg;
}

}  // namespace

std::vector<ScreenInterval> screen_jumps(std::span<const ConductivityPoint> points,
                                         ArrheniusForm form,
                                         double z_threshold,
                                         double ea_threshold_ev) {
  detail::validate_points(points, "screen_jumps");
  const auto p = sorted_by_temperature(points);
  std::vector<ScreenInterval> out;
  std::vector<double> d;
  for (std::size_t i = 0; i + 1 < p.size(); ++i) {
    const double t0 = p[i].temperature_k, t1 = p[i + 1].temperature_k;
    if (!(t1 > t0)) {
      continue;
    }
    const double y0 = log_quantity(form, t0, p[i].sigma_s_per_cm) / std::numbers::ln10;
    const double y1 = log_quantity(form, t1, p[i + 1].sigma_s_per_cm) / std::numbers::ln10;
    const double di = (y1 - y0) / (1.0 / t1 - 1.0 / t0);
    d.push_back(di);
    ScreenInterval s;
    s.t_low_k = t0;
    s.t_high_k = t1;
    // METHODS.md §7.4 step 1: Ea,i = −k_B·ln10·D_i (= −1.98422e-4·D_i eV with x = 1/T in 1/K).
    s.apparent_ea_ev = -units::boltzmann_ev_per_k * std::numbers::ln10 * di;
    out.push_back(s);
  }
  if (d.empty()) {
    return out;
  }
  const double med = median(d);
  std::vector<double> dev(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    dev[i] = std::abs(d[i] - med);
  }
  // Floor of the MAD so exactly linear data (MAD ≈ 0) do not turn round-off into huge z.
  const double mad = std::max(1.4826 * median(dev), 1e-9 * std::abs(med) + 1e-300);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].z_score = (d[i] - med) / mad;
    out[i].jump = std::abs(out[i].z_score) > z_threshold || out[i].apparent_ea_ev > ea_threshold_ev;
    out[i].decreasing = out[i].apparent_ea_ev < 0.0;
  }
  return out;
}

RunAnalysis analyse_run(std::span<const ConductivityPoint> points,
                        const TransitionOptions& options) {
  if (const auto bad = options.validate()) {
    throw InvalidArgument("analyse_run: " + *bad);
  }
  if (points.size() < 3) {
    throw InvalidArgument("analyse_run: needs at least 3 points, got " +
                          eis::detail::to_text(points.size()));
  }
  detail::validate_points(points, "analyse_run");
  RunAnalysis run;
  run.cycle = points.front().cycle;
  run.direction = points.front().direction;
  run.points = sorted_by_temperature(points);
  const auto& p = run.points;
  const std::size_t n = p.size();
  const auto m_min = static_cast<std::size_t>(options.min_points_per_segment);
  const ArrheniusForm form = options.law == SegmentLaw::arrhenius     ? ArrheniusForm::sigma
                             : options.law == SegmentLaw::arrhenius_t ? ArrheniusForm::sigma_t
                                                                      : options.form;
  run.screen = screen_jumps(p, form, options.screen_z_threshold, options.screen_ea_threshold_ev);

  if (options.breakpoints > 0 && n < static_cast<std::size_t>(options.breakpoints + 1) * m_min) {
    throw InvalidArgument(
        "analyse_run: " + eis::detail::to_text(options.breakpoints) +
        " breakpoint(s) need at least " +
        eis::detail::to_text((options.breakpoints + 1) * options.min_points_per_segment) +
        " points, got " + eis::detail::to_text(n));
  }

  bool weighted = false;
  const auto w = detail::log_weights(p, options.use_uncertainties, weighted);
  std::vector<double> t(n), x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = p[i].temperature_k;
    x[i] = 1.0 / t[i];
    y[i] = log_quantity(form, t[i], p[i].sigma_s_per_cm);
  }
  VtfOptions vo = options.vtf;
  vo.use_uncertainties = options.use_uncertainties;
  const bool allow_vtf = options.law == SegmentLaw::vtf || options.law == SegmentLaw::automatic;
  Segmenter seg(t, x, w, m_min, form, allow_vtf ? &vo : nullptr);
  seg.set_y(y);

  // Model choice: BIC within and across the breakpoint counts; each added breakpoint must also
  // pass the bootstrap test when the count is automatic.
  std::array<Model, 3> best;
  const int max_k = options.breakpoints >= 0 ? options.breakpoints : options.max_breakpoints;
  for (int k = 0; k <= max_k; ++k) {
    best[static_cast<std::size_t>(k)] = best_family(seg, k, options.kind, allow_vtf);
    const auto& m = best[static_cast<std::size_t>(k)];
    if (std::isfinite(m.rss)) {
      run.candidates.push_back({.breakpoints = k,
                                .continuous = m.kind == Kind::continuous,
                                .vtf = m.kind == Kind::vtf,
                                .parameters = m.parameters,
                                .chi_square = m.rss,
                                .bic = m.bic});
    }
  }
  int chosen = 0;
  if (options.breakpoints >= 0) {
    chosen = options.breakpoints;
    if (!std::isfinite(best[static_cast<std::size_t>(chosen)].rss)) {
      throw InvalidArgument("analyse_run: no admissible model with " +
                            eis::detail::to_text(chosen) + " breakpoint(s) for " +
                            eis::detail::to_text(n) + " points");
    }
  } else {
    for (int k = 1; k <= max_k; ++k) {
      const auto& prev = best[static_cast<std::size_t>(k - 1)];
      const auto& cur = best[static_cast<std::size_t>(k)];
      const double gain = prev.bic - cur.bic;
      if (!(std::isfinite(cur.bic) && gain > 0.0)) {
        break;
      }
      const double pv = bootstrap_p(seg,
                                    prev,
                                    k,
                                    gain,
                                    options.kind,
                                    allow_vtf,
                                    options.bootstrap_draws,
                                    options.seed + static_cast<std::uint64_t>(k));
      run.bootstrap_p[static_cast<std::size_t>(k - 1)] = pv;
      if (!(std::isnan(pv) || pv < options.significance)) {
        break;
      }
      chosen = k;
    }
  }
  const Model& m = best[static_cast<std::size_t>(chosen)];
  run.breakpoints = chosen;
  run.continuous = m.kind == Kind::continuous;
  const double crit = detail::chi_square_quantile(options.confidence, 1.0);

  // Segments and transitions.
  std::vector<std::size_t> bounds = {0};  // first index of each segment
  if (m.kind == Kind::jump) {
    for (int j = 0; j < chosen; ++j) {
      bounds.push_back(m.splits[static_cast<std::size_t>(j)] + 1);
    }
  } else if (m.kind == Kind::continuous) {
    // Points with x > ψ lie below the breakpoint temperature; ψ1 > ψ2 (T1 < T2).
    for (int j = 0; j < chosen; ++j) {
      std::size_t count = 0;
      for (std::size_t i = 0; i < n; ++i) {
        count += seg.xs()[i] > m.psi[static_cast<std::size_t>(j)] ? 1U : 0U;
      }
      bounds.push_back(count);
    }
  }
  bounds.push_back(n);
  for (std::size_t s = 0; s + 1 < bounds.size(); ++s) {
    const std::size_t count = bounds[s + 1] - bounds[s];
    if (count < 3) {
      run.warnings.push_back("a segment has fewer than 3 points; it is not fitted");
      continue;
    }
    run.segments.push_back(fit_segment(p, bounds[s], count, options, form, run.warnings));
  }
  const double kb = units::boltzmann_ev_per_k;
  if (m.kind == Kind::jump) {
    for (int j = 0; j < chosen; ++j) {
      const auto js = static_cast<std::size_t>(j);
      const std::size_t k = m.splits[js];
      Transition tr;
      tr.t_below_k = t[k];
      tr.t_above_k = t[k + 1];
      tr.temperature_k = 0.5 * (t[k] + t[k + 1]);
      const auto ci = split_interval(seg, m, j, crit);
      tr.ci_k = {t[ci[0]], t[ci[1] + 1]};
      const std::size_t lo0 = j == 0 ? 0 : m.splits[0] + 1;
      const std::size_t hi1 = (j + 1 < chosen) ? m.splits[js + 1] + 1 : n;
      const auto [al, bl, rl] = seg.line(lo0, k + 1);
      const auto [ah, bh, rh] = seg.line(k + 1, hi1);
      (void)rl;
      (void)rh;
      // METHODS.md §7.4: Δ = (a_H − a_L) + (b_H − b_L)·x_c, x_c = 2/(T_k + T_{k+1}); in decades.
      const double xc = 2.0 / (t[k] + t[k + 1]);
      const double xcs = (xc - seg.x_real(0.0)) / (seg.x_real(1.0) - seg.x_real(0.0));
      tr.log10_jump = ((ah - al) + (bh - bl) * xcs) / std::numbers::ln10;
      tr.ea_below_ev = -seg.slope_real(bl) * kb;
      tr.ea_above_ev = -seg.slope_real(bh) * kb;
      run.transitions.push_back(tr);
    }
  } else if (m.kind == Kind::continuous) {
    Eigen::Vector4d c;
    (void)seg.cont_rss(chosen, m.psi, &c);
    for (int j = 0; j < chosen; ++j) {
      const auto js = static_cast<std::size_t>(j);
      Transition tr;
      tr.continuous = true;
      tr.temperature_k = 1.0 / seg.x_real(m.psi[js]);
      const auto ci = psi_interval(seg, m, j, crit);
      tr.ci_k = {1.0 / seg.x_real(ci[1]), 1.0 / seg.x_real(ci[0])};
      // Slopes: high-T side (x < ψ) has b plus the hinge terms of lower-T breakpoints … the
      // low-T side of ψ_j adds c_j. Breakpoint j=0 is the low-T one (ψ1 > ψ2).
      double slope_above = c(1);
      if (chosen == 2 && j == 0) {
        slope_above += c(3);  // between ψ2 and ψ1 the second hinge is active too
      }
      const double slope_below = slope_above + c(static_cast<int>(2 + j));
      tr.ea_below_ev = -seg.slope_real(slope_below) * kb;
      tr.ea_above_ev = -seg.slope_real(slope_above) * kb;
      run.transitions.push_back(tr);
    }
    std::sort(run.transitions.begin(), run.transitions.end(), [](const auto& a, const auto& b) {
      return a.temperature_k < b.temperature_k;
    });
  }
  if (std::any_of(run.screen.begin(), run.screen.end(), [](const ScreenInterval& s) {
        return s.decreasing;
      })) {
    run.warnings.push_back(
        "σ falls with rising T in some interval (apparent Ea < 0), e.g. decomposition");
  }
  if (chosen == 0 && std::any_of(run.screen.begin(), run.screen.end(), [](const ScreenInterval& s) {
        return s.jump;
      })) {
    run.warnings.push_back("the quick screen flags a jump interval but no breakpoint was retained");
  }
  return run;
}

ConductivityAnalysis analyse_conductivity(std::span<const ConductivityPoint> points,
                                          const TransitionOptions& options) {
  if (const auto bad = options.validate()) {
    throw InvalidArgument("analyse_conductivity: " + *bad);
  }
  detail::validate_points(points, "analyse_conductivity");
  const auto order = [](Direction d) {
    return d == Direction::heating ? 0 : d == Direction::cooling ? 1 : 2;
  };
  std::map<std::pair<int, int>, std::vector<ConductivityPoint>> groups;
  for (const auto& pt : points) {
    groups[{pt.cycle, order(pt.direction)}].push_back(pt);
  }
  ConductivityAnalysis out;
  std::uint64_t index = 0;
  for (const auto& [key, pts] : groups) {
    TransitionOptions o = options;
    o.seed = options.seed + 1000 * index++;
    out.runs.push_back(analyse_run(pts, o));
  }
  for (const auto& h : out.runs) {
    if (h.direction != Direction::heating) {
      continue;
    }
    for (const auto& c : out.runs) {
      if (c.direction != Direction::cooling || c.cycle != h.cycle) {
        continue;
      }
      const auto* th = main_transition(h);
      const auto* tc = main_transition(c);
      if (th == nullptr || tc == nullptr) {
        continue;
      }
      Hysteresis hy;
      hy.cycle = h.cycle;
      hy.heating_transition_k = th->temperature_k;
      hy.cooling_transition_k = tc->temperature_k;
      hy.hysteresis_k = th->temperature_k - tc->temperature_k;  // METHODS.md §7.4 step 5
      hy.heating_ci_k = th->ci_k;
      hy.cooling_ci_k = tc->ci_k;
      out.hysteresis.push_back(hy);
    }
  }
  return out;
}

}  // namespace eis::conductivity
