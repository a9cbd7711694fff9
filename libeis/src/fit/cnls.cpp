// Complex nonlinear least squares (METHODS.md §3): parameter transforms (§3.4), weighted
// residuals (§3.1–§3.2), Levenberg–Marquardt (§3.3, detail/levenberg_marquardt), multi-start,
// NLopt global search, and statistics (§3.5–§3.7).
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <nlopt.h>

#include <eis/circuit/evaluate.hpp>
#include <eis/detail/fit_log_omega.hpp>
#include <eis/detail/levenberg_marquardt.hpp>
#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/fit/statistics.hpp>
#include <eis/validation/lin_kk.hpp>

namespace eis {

namespace {

constexpr double pi = std::numbers::pi;
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

// ---------------------------------------------------------------------------------------
// Per-parameter map θ → p (METHODS.md §3.4). u = h(θ) handles the bounds of u, and
// p = exp(u) for positive (log-scale) parameters, p = u for linear ones.
//   both bounds of u finite: u = a + (b − a)·σ(θ)      (logistic)
//   only the lower:          u = a + e^θ
//   only the upper:          u = b − e^{−θ}
//   none:                    u = θ                      (plain ln p for default positives)
struct ScalarTransform {
  bool log_scale = true;
  double a = -inf;  // bounds of u
  double b = inf;

  [[nodiscard]] double u_of(double theta) const {
    if (std::isfinite(a) && std::isfinite(b)) {
      return a + (b - a) * logistic(theta);
    }
    if (std::isfinite(a)) {
      return a + std::exp(theta);
    }
    if (std::isfinite(b)) {
      return b - std::exp(-theta);
    }
    return theta;
  }
  [[nodiscard]] double du_dtheta(double theta) const {
    if (std::isfinite(a) && std::isfinite(b)) {
      const double s = logistic(theta);
      return (b - a) * s * (1.0 - s);
    }
    if (std::isfinite(a)) {
      return std::exp(theta);
    }
    if (std::isfinite(b)) {
      return std::exp(-theta);
    }
    return 1.0;
  }
  [[nodiscard]] double p_of(double theta) const {
    const double u = u_of(theta);
    return log_scale ? std::exp(u) : u;
  }
  [[nodiscard]] double dp_dtheta(double theta) const {
    const double d = du_dtheta(theta);
    return log_scale ? std::exp(u_of(theta)) * d : d;
  }
  // Inverse, pulling values on or beyond a bound slightly inside.
  [[nodiscard]] double theta_of(double p) const {
    double u = log_scale ? std::log(p) : p;
    if (std::isfinite(a) && std::isfinite(b)) {
      const double margin = 1e-9 * (b - a);
      u = std::clamp(u, a + margin, b - margin);
      const double s = (u - a) / (b - a);
      return std::log(s / (1.0 - s));
    }
    if (std::isfinite(a)) {
      return std::log(std::max(u - a, 1e-300));
    }
    if (std::isfinite(b)) {
      return -std::log(std::max(b - u, 1e-300));
    }
    return u;
  }
  [[nodiscard]] bool bounded() const { return std::isfinite(a) || std::isfinite(b); }
  // Within 1e-6 of a finite bound of u (relative to the range, or absolute in ln p).
  [[nodiscard]] bool at_bound(double p) const {
    const double u = log_scale ? std::log(p) : p;
    const double scale = std::isfinite(a) && std::isfinite(b) ? (b - a) : 1.0;
    return (std::isfinite(a) && u - a <= 1e-6 * scale) ||
           (std::isfinite(b) && b - u <= 1e-6 * scale);
  }
};

// An R ∥ CPE (or R ∥ C) block fitted as (ln R, ln τ, n): ln Q = n·ln τ − ln R
// (τ = (RQ)^{1/n}, METHODS.md §2.4); for C, ln C = ln τ − ln R.
struct ArcGroup {
  Index r = 0;  // free indices
  Index q = 0;
  Index n = -1;  // −1 for a capacitor
};

// Internal variables ϑ (what LM moves) ↔ fitted-space θ (per-parameter) ↔ p (all parameters).
class Parameterisation {
 public:
  Parameterisation(const Circuit& circuit,
                   const std::vector<double>& lower,
                   const std::vector<double>& upper,
                   const std::vector<bool>& fixed,
                   const std::vector<double>& values,
                   bool reparameterise)
      : base_(values) {
    const std::size_t p_count = circuit.parameter_count();
    transforms_.resize(p_count);
    for (std::size_t k = 0; k < p_count; ++k) {
      ScalarTransform& t = transforms_[k];
      t.log_scale = circuit.parameters()[k].scale == ParameterScale::log;
      if (t.log_scale) {
        t.a = lower[k] > 0.0 ? std::log(lower[k]) : -inf;
        t.b = std::isfinite(upper[k]) ? std::log(upper[k]) : inf;
      } else {
        t.a = lower[k];
        t.b = upper[k];
      }
      if (!fixed[k]) {
        free_.push_back(k);
      }
    }
    free_of_.assign(p_count, -1);
    for (std::size_t m = 0; m < free_.size(); ++m) {
      free_of_[free_[m]] = static_cast<Index>(m);
    }
    if (reparameterise) {
      find_groups(circuit, circuit.root());
    }
  }

  [[nodiscard]] Index free_count() const { return static_cast<Index>(free_.size()); }
  [[nodiscard]] const std::vector<std::size_t>& free() const { return free_; }
  [[nodiscard]] const ScalarTransform& transform(std::size_t k) const { return transforms_[k]; }

  // θ (fitted space) from ϑ (internal).
  [[nodiscard]] VectorXd theta_of(const VectorXd& vartheta) const {
    VectorXd theta = vartheta;
    for (const auto& g : groups_) {
      const double n =
          g.n >= 0 ? transforms_[free_[static_cast<std::size_t>(g.n)]].p_of(vartheta(g.n)) : 1.0;
      theta(g.q) = n * vartheta(g.q) - vartheta(g.r);
    }
    return theta;
  }
  [[nodiscard]] VectorXd vartheta_of(const VectorXd& theta) const {
    VectorXd v = theta;
    for (const auto& g : groups_) {
      const double n =
          g.n >= 0 ? transforms_[free_[static_cast<std::size_t>(g.n)]].p_of(theta(g.n)) : 1.0;
      v(g.q) = (theta(g.q) + theta(g.r)) / n;  // ln τ = (ln Q + ln R)/n
    }
    return v;
  }
  [[nodiscard]] VectorXd theta_from_parameters(const std::vector<double>& p) const {
    VectorXd theta(free_count());
    for (std::size_t m = 0; m < free_.size(); ++m) {
      theta(static_cast<Index>(m)) = transforms_[free_[m]].theta_of(p[free_[m]]);
    }
    return theta;
  }
  void parameters_from_theta(const VectorXd& theta, std::vector<double>& p) const {
    p = base_;
    for (std::size_t m = 0; m < free_.size(); ++m) {
      p[free_[m]] = transforms_[free_[m]].p_of(theta(static_cast<Index>(m)));
    }
  }
  // dp/dϑ (P×M) at ϑ.
  void dp_dvartheta(const VectorXd& vartheta, MatrixXd& out) const {
    const VectorXd theta = theta_of(vartheta);
    out.setZero(static_cast<Index>(base_.size()), free_count());
    for (std::size_t m = 0; m < free_.size(); ++m) {
      out(static_cast<Index>(free_[m]), static_cast<Index>(m)) =
          transforms_[free_[m]].dp_dtheta(theta(static_cast<Index>(m)));
    }
    for (const auto& g : groups_) {
      const auto pq = static_cast<Index>(free_[static_cast<std::size_t>(g.q)]);
      const double dq = transforms_[free_[static_cast<std::size_t>(g.q)]].dp_dtheta(theta(g.q));
      // θ_q = n·ϑ_τ − ϑ_r
      out(pq, g.q) =
          dq *
          (g.n >= 0 ? transforms_[free_[static_cast<std::size_t>(g.n)]].p_of(vartheta(g.n)) : 1.0);
      out(pq, g.r) = -dq;
      if (g.n >= 0) {
        out(pq, g.n) = dq * vartheta(g.q) *
                       transforms_[free_[static_cast<std::size_t>(g.n)]].dp_dtheta(vartheta(g.n));
      }
    }
  }
  // Internal coordinates that are log-like (for the multi-start spread).
  [[nodiscard]] bool bounded_internal(Index m) const {
    return transforms_[free_[static_cast<std::size_t>(m)]].bounded() &&
           std::none_of(
               groups_.begin(), groups_.end(), [m](const ArcGroup& g) { return g.q == m; });
  }

 private:
  void find_groups(const Circuit& c, const Circuit::Node& node) {
    for (const auto& child : node.children) {
      find_groups(c, child);
    }
    if (node.type != Circuit::NodeType::parallel || node.children.size() != 2) {
      return;
    }
    const Circuit::Node& a = node.children[0];
    const Circuit::Node& b = node.children[1];
    if (a.type != Circuit::NodeType::element || b.type != Circuit::NodeType::element) {
      return;
    }
    const CircuitElement* r = &c.elements()[a.element];
    const CircuitElement* q = &c.elements()[b.element];
    if (r->kind != ElementKind::resistor) {
      std::swap(r, q);
    }
    if (r->kind != ElementKind::resistor ||
        (q->kind != ElementKind::cpe && q->kind != ElementKind::capacitor)) {
      return;
    }
    // Only plain ln-parameters (default bounds) and free ones take part.
    const Index fr = free_of_[r->first_parameter];
    const Index fq = free_of_[q->first_parameter];
    if (fr < 0 || fq < 0 || transforms_[r->first_parameter].bounded() ||
        transforms_[q->first_parameter].bounded()) {
      return;
    }
    ArcGroup g{fr, fq, -1};
    if (q->kind == ElementKind::cpe) {
      g.n = free_of_[q->first_parameter + 1];
      if (g.n < 0) {
        return;
      }
    }
    groups_.push_back(g);
  }

  std::vector<double> base_;  // values of fixed parameters (and placeholders)
  std::vector<ScalarTransform> transforms_;
  std::vector<std::size_t> free_;
  std::vector<Index> free_of_;
  std::vector<ArcGroup> groups_;
};

// ---------------------------------------------------------------------------------------
// Data after selection, in the fitted domain, with √w per real/imaginary component.
struct Data {
  std::vector<double> frequency_hz;
  std::vector<double> omega;
  std::vector<double> ln_omega;  // compute_log_omega(omega): once per fit
  std::vector<Complex> z;        // measured impedance
  std::vector<Complex> target;   // Z or Y = 1/Z
  std::vector<double> sqrt_w_re;
  std::vector<double> sqrt_w_im;
};

// Indices of the points the fit uses: the frequency window, drop_inductive, then (kk_mask) the
// Lin-KK compliant ones; a note on what the mask dropped goes to `warnings`.
std::vector<std::size_t> selected_points(SpectrumView spectrum,
                                         const FitOptions& options,
                                         std::vector<std::string>& warnings) {
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < spectrum.size(); ++i) {
    const double f = spectrum.frequency_hz[i];
    const Complex z = spectrum.impedance_ohm[i];
    if ((options.fmin_hz && f < *options.fmin_hz) || (options.fmax_hz && f > *options.fmax_hz) ||
        (options.drop_inductive && z.imag() > 0.0)) {
      continue;
    }
    kept.push_back(i);
  }
  if (!options.kk_mask || kept.empty()) {
    return kept;
  }
  Spectrum window;
  for (const std::size_t i : kept) {
    window.frequency_hz.push_back(spectrum.frequency_hz[i]);
    window.impedance_ohm.push_back(spectrum.impedance_ohm[i]);
  }
  validation::KkMaskResult mask;
  try {
    mask = validation::lin_kk_mask(window, {.capacitance = true});
  } catch (const InvalidArgument& e) {  // too few points for the test
    warnings.push_back(std::string("Lin-KK mask not applied: ") + e.what());
    return kept;
  }
  std::vector<std::size_t> compliant;
  for (std::size_t q = 0; q < kept.size(); ++q) {
    if (mask.keep[q]) {
      compliant.push_back(kept[q]);
    }
  }
  if (mask.dropped > 0) {
    warnings.push_back("Lin-KK mask " + mask.message);
  }
  return compliant;
}

Data prepare(SpectrumView spectrum, const FitOptions& options, std::vector<std::string>& warnings) {
  Data d;
  for (const std::size_t i : selected_points(spectrum, options, warnings)) {
    const double f = spectrum.frequency_hz[i];
    const Complex z = spectrum.impedance_ohm[i];
    const Complex target = options.domain == FitDomain::admittance ? 1.0 / z : z;
    double w_re = 1.0;
    double w_im = 1.0;
    switch (options.weighting) {  // METHODS.md §3.2
      case Weighting::unit:
        break;
      case Weighting::modulus:
        w_re = w_im = 1.0 / std::norm(target);
        break;
      case Weighting::proportional: {
        const double floor = options.proportional_floor * std::abs(target);
        w_re = 1.0 / std::pow(std::max(std::abs(target.real()), floor), 2);
        w_im = 1.0 / std::pow(std::max(std::abs(target.imag()), floor), 2);
        break;
      }
      case Weighting::statistical:
        w_re = 1.0 / (options.sigma_real[i] * options.sigma_real[i]);
        w_im = 1.0 / (options.sigma_imag[i] * options.sigma_imag[i]);
        break;
    }
    if (!std::isfinite(w_re) || !std::isfinite(w_im)) {
      throw InvalidArgument("fit_circuit: the " + std::string(to_string(options.weighting)) +
                            " weight of point " + eis::detail::to_text(i) +
                            " (f = " + eis::detail::to_text(f) +
                            " Hz) is not finite (|Z| = " + eis::detail::to_text(std::abs(z)) + ")");
    }
    d.frequency_hz.push_back(f);
    d.omega.push_back(2.0 * pi * f);
    d.z.push_back(z);
    d.target.push_back(target);
    d.sqrt_w_re.push_back(std::sqrt(w_re));
    d.sqrt_w_im.push_back(std::sqrt(w_im));
  }
  d.ln_omega.resize(d.omega.size());
  compute_log_omega(d.omega, d.ln_omega);
  return d;
}

// Residuals r = √w·(data − model) and ∂r/∂ϑ for one parameterisation.
class Problem {
 public:
  Problem(const Circuit& circuit,
          const Data& data,
          const Parameterisation& param,
          FitDomain domain,
          detail::LogOmegaSource log_omega)
      : evaluator_(circuit), data_(data), param_(param), domain_(domain), log_omega_(log_omega) {
    const std::size_t n = data.omega.size();
    model_.resize(n);
    jacobian_p_.resize(n * circuit.parameter_count());
  }

  [[nodiscard]] Index residual_count() const { return 2 * static_cast<Index>(data_.omega.size()); }
  int evaluations = 0;

  bool residual(const VectorXd& vartheta, VectorXd& r) {
    ++evaluations;
    param_.parameters_from_theta(param_.theta_of(vartheta), p_);
    evaluate_model(false);
    return fill_residual(r);
  }

  bool residual_jacobian(const VectorXd& vartheta, VectorXd& r, MatrixXd& j) {
    ++evaluations;
    param_.parameters_from_theta(param_.theta_of(vartheta), p_);
    evaluate_model(true);
    if (!fill_residual(r)) {
      return false;
    }
    param_.dp_dvartheta(vartheta, chain_);
    jacobian_rows(chain_, j);
    return j.allFinite();
  }

  // ∂r/∂x for dp/dx = chain (P×K), using the last evaluation: ∂r/∂p (2N×P) times chain, one
  // matrix product (the row-by-row update it replaces was ~14 % of a fit's time).
  void jacobian_rows(const MatrixXd& chain, MatrixXd& j) {
    const auto n = static_cast<Index>(data_.omega.size());
    const auto p_count = static_cast<Index>(p_.size());
    dr_dp_.resize(2 * n, p_count);
    if (domain_ == FitDomain::admittance) {
      // ∂Y/∂p = −Y²·∂Z/∂p: the factor once per point, not once per point and parameter.
      minus_y2_.resize(model_.size());
      for (std::size_t i = 0; i < model_.size(); ++i) {
        const Complex y = 1.0 / model_[i];
        minus_y2_[i] = -y * y;
      }
    }
    for (Index k = 0; k < p_count; ++k) {
      // Parameters the chain does not use (fixed ones) stay out, even if ∂Z/∂p is not finite.
      if (chain.row(k).isZero(0.0)) {
        dr_dp_.col(k).setZero();
        continue;
      }
      for (Index i = 0; i < n; ++i) {
        const auto ui = static_cast<std::size_t>(i);
        Complex dz = jacobian_p_[static_cast<std::size_t>(k * n + i)];
        if (domain_ == FitDomain::admittance) {
          dz *= minus_y2_[ui];
        }
        // ∂r/∂p = −√w·∂(model)/∂p (METHODS.md §3.3)
        dr_dp_(2 * i, k) = -data_.sqrt_w_re[ui] * dz.real();
        dr_dp_(2 * i + 1, k) = -data_.sqrt_w_im[ui] * dz.imag();
      }
    }
    j.noalias() = dr_dp_ * chain;
  }

  [[nodiscard]] const std::vector<Complex>& model() const { return model_; }
  [[nodiscard]] const std::vector<double>& parameters() const { return p_; }
  void evaluate_at(const std::vector<double>& p) {
    p_ = p;
    evaluate_model(true);
  }

 private:
  // Z (and ∂Z/∂p) at p_; ln ω precomputed per fit unless the caller asked for the old path.
  void evaluate_model(bool with_jacobian) {
    if (log_omega_ == detail::LogOmegaSource::precomputed) {
      if (with_jacobian) {
        evaluator_.evaluate_log_omega(data_.omega, data_.ln_omega, p_, model_, jacobian_p_);
      } else {
        evaluator_.evaluate_log_omega(data_.omega, data_.ln_omega, p_, model_);
      }
    } else if (with_jacobian) {
      evaluator_.evaluate(data_.omega, p_, model_, jacobian_p_);
    } else {
      evaluator_.evaluate(data_.omega, p_, model_);
    }
  }

  bool fill_residual(VectorXd& r) {
    const std::size_t n = data_.omega.size();
    for (std::size_t i = 0; i < n; ++i) {
      Complex m = model_[i];
      if (domain_ == FitDomain::admittance) {
        m = 1.0 / m;
      }
      const Complex diff = data_.target[i] - m;
      r(static_cast<Index>(2 * i)) = data_.sqrt_w_re[i] * diff.real();
      r(static_cast<Index>(2 * i + 1)) = data_.sqrt_w_im[i] * diff.imag();
    }
    return r.allFinite();
  }

  CircuitEvaluator evaluator_;
  const Data& data_;
  const Parameterisation& param_;
  FitDomain domain_;
  detail::LogOmegaSource log_omega_;
  std::vector<double> p_;
  std::vector<Complex> model_;
  std::vector<Complex> jacobian_p_;
  MatrixXd chain_;
  MatrixXd dr_dp_;                 // ∂r/∂p scratch of jacobian_rows
  std::vector<Complex> minus_y2_;  // −Y² per point (admittance domain), scratch of jacobian_rows
};

detail::LmProblem lm_problem(Problem& problem, Index parameters) {
  detail::LmProblem lm;
  lm.residuals = problem.residual_count();
  lm.parameters = parameters;
  lm.residual = [&problem](const VectorXd& t, VectorXd& r) { return problem.residual(t, r); };
  lm.residual_jacobian = [&problem](const VectorXd& t, VectorXd& r, MatrixXd& j) {
    return problem.residual_jacobian(t, r, j);
  };
  return lm;
}

// Signs of the residuals in frequency order: the runs test flags systematic deviations.
double worst_runs_z(const Data& data, const std::vector<Complex>& model, FitDomain domain) {
  std::vector<std::size_t> order(data.omega.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return data.omega[a] < data.omega[b];
  });
  std::vector<double> re;
  std::vector<double> im;
  for (const std::size_t i : order) {
    const Complex m = domain == FitDomain::admittance ? 1.0 / model[i] : model[i];
    const Complex diff = data.target[i] - m;
    re.push_back(diff.real());
    im.push_back(diff.imag());
  }
  return std::min(runs_test(re).z, runs_test(im).z);
}

struct LocalFit {
  VectorXd vartheta;
  double cost = inf;
  detail::LmResult lm;
};

// NLopt objective: S(ϑ). Exceptions never cross the C boundary (CONVENTIONS.md §5).
struct GlobalContext {
  Problem* problem = nullptr;
  VectorXd r;
  std::exception_ptr error;
  nlopt_opt opt = nullptr;
  double best = inf;
  VectorXd best_x;
};

double global_objective(unsigned n, const double* x, double* gradient, void* data) {
  auto* ctx = static_cast<GlobalContext*>(data);
  (void)gradient;  // derivative-free algorithm
  try {
    const VectorXd v = Eigen::Map<const VectorXd>(x, static_cast<Index>(n));
    if (!ctx->problem->residual(v, ctx->r)) {
      return 1e300;
    }
    const double s = ctx->r.squaredNorm();
    if (s < ctx->best) {
      ctx->best = s;
      ctx->best_x = v;
    }
    return s;
  } catch (...) {
    ctx->error = std::current_exception();
    nlopt_force_stop(ctx->opt);
    return 1e300;
  }
}

}  // namespace

FitResult fit_circuit(const Circuit& circuit,
                      SpectrumView spectrum,
                      std::span<const double> initial_parameters,
                      const FitOptions& options) {
  return detail::fit_circuit_with_log_omega(
      detail::LogOmegaSource::precomputed, circuit, spectrum, initial_parameters, options);
}

FitResult detail::fit_circuit_with_log_omega(detail::LogOmegaSource log_omega,
                                             const Circuit& circuit,
                                             SpectrumView spectrum,
                                             std::span<const double> initial_parameters,
                                             const FitOptions& options) {
  if (const auto problem_text = options.validate()) {
    throw InvalidArgument("fit_circuit: " + *problem_text);
  }
  validate_spectrum(spectrum, 1);
  const std::size_t p_count = circuit.parameter_count();
  if (p_count == 0) {
    throw InvalidArgument("fit_circuit: the circuit has no parameters");
  }
  if (options.weighting == Weighting::statistical && options.sigma_real.size() != spectrum.size()) {
    throw InvalidArgument("fit_circuit: " + eis::detail::to_text(options.sigma_real.size()) +
                          " sigma values for " + eis::detail::to_text(spectrum.size()) + " points");
  }
  if (!initial_parameters.empty() && initial_parameters.size() != p_count) {
    throw InvalidArgument("fit_circuit: " + eis::detail::to_text(initial_parameters.size()) +
                          " initial values for " + eis::detail::to_text(p_count) + " parameters");
  }
  // Bounds and fixed parameters by name.
  std::vector<double> lower(p_count);
  std::vector<double> upper(p_count);
  std::vector<bool> fixed(p_count, false);
  std::vector<double> fixed_value(p_count, nan);
  for (std::size_t k = 0; k < p_count; ++k) {
    lower[k] = circuit.parameters()[k].lower;
    upper[k] = circuit.parameters()[k].upper;
  }
  auto index_of = [&](const std::string& name, const char* what) {
    const std::size_t k = circuit.find_parameter(name);
    if (k >= p_count) {
      throw InvalidArgument("fit_circuit: unknown parameter '" + name + "' in " + what +
                            " (the circuit has " + format_circuit(circuit) + ")");
    }
    return k;
  };
  for (const auto& b : options.bounds) {
    const std::size_t k = index_of(b.name, "bounds");
    lower[k] = b.lower;
    upper[k] = b.upper;
    if (circuit.parameters()[k].scale == ParameterScale::linear &&
        (!std::isfinite(b.lower) || !std::isfinite(b.upper))) {
      throw InvalidArgument("fit_circuit: bounds of " + b.name + " must be finite");
    }
  }
  for (const auto& f : options.fixed) {
    const std::size_t k = index_of(f.name, "fixed");
    fixed[k] = true;
    fixed_value[k] = f.value;
  }

  std::vector<std::string> selection_warnings;
  const Data data = prepare(spectrum, options, selection_warnings);
  const std::size_t n_points = data.omega.size();
  std::size_t free_count = 0;
  for (std::size_t k = 0; k < p_count; ++k) {
    free_count += fixed[k] ? 0 : 1;
  }
  if (2 * n_points < free_count || n_points == 0) {
    throw InvalidArgument("fit_circuit: " + eis::detail::to_text(n_points) + " points (" +
                          eis::detail::to_text(2 * n_points) +
                          " real values) after frequency selection, fewer than the " +
                          eis::detail::to_text(free_count) + " free parameters");
  }

  FitResult result;
  result.circuit = format_circuit(circuit);
  result.weighting = options.weighting;
  result.domain = options.domain;
  result.points = n_points;
  result.free_parameters = free_count;
  result.frequency_hz = data.frequency_hz;
  result.data_ohm = data.z;
  result.warnings = std::move(selection_warnings);
  for (const auto& spec : circuit.parameters()) {
    result.names.push_back(spec.name);
    result.units.push_back(spec.unit);
  }
  result.fixed = fixed;

  // Initial values: given, or estimated from the (selected) data.
  std::vector<double> start(p_count);
  const bool automatic = initial_parameters.empty();
  result.automatic_initial_values = automatic;
  if (automatic) {
    if (n_points >= 3) {
      const SpectrumView selected{data.frequency_hz, data.z};
      start = estimate_initial_values(circuit, selected);
    } else {
      for (std::size_t k = 0; k < p_count; ++k) {
        start[k] = circuit.parameters()[k].scale == ParameterScale::log
                       ? std::abs(data.z[0])
                       : 0.5 * (lower[k] + upper[k]);
      }
    }
  } else {
    start.assign(initial_parameters.begin(), initial_parameters.end());
  }
  for (std::size_t k = 0; k < p_count; ++k) {
    if (fixed[k]) {
      start[k] = fixed_value[k];
      continue;
    }
    const bool log_scale = circuit.parameters()[k].scale == ParameterScale::log;
    if (!automatic) {
      if (!std::isfinite(start[k]) || (log_scale && !(start[k] > 0.0)) || start[k] < lower[k] ||
          start[k] > upper[k]) {
        throw InvalidArgument(
            "fit_circuit: initial value of " + result.names[k] + " (" +
            eis::detail::to_text(start[k]) + ") is not finite or outside its bounds [" +
            eis::detail::to_text(lower[k]) + ", " + eis::detail::to_text(upper[k]) + "]" +
            (log_scale ? " or not > 0" : ""));
      }
    } else {
      start[k] = std::clamp(start[k], std::max(lower[k], log_scale ? 1e-300 : -inf), upper[k]);
    }
  }
  const Parameterisation param(circuit, lower, upper, fixed, start, options.reparameterise_arcs);
  Problem problem(circuit, data, param, options.domain, log_omega);
  const Index m = param.free_count();
  const detail::LmProblem lm = lm_problem(problem, m);

  int start_index = 0;
  std::vector<double> progress_p;
  auto make_lm_options = [&](int max_iterations, int max_evaluations) {
    detail::LmOptions o;
    o.max_iterations = max_iterations;
    o.max_evaluations = std::max(1, max_evaluations);
    o.xtol = options.relative_step_tolerance;
    o.ftol = options.function_tolerance;
    o.gtol = options.gradient_tolerance;
    o.geodesic_acceleration = options.geodesic_acceleration;
    if (options.on_iteration) {
      o.on_iteration = [&](int iteration, double cost, double mu, const VectorXd& vartheta) {
        param.parameters_from_theta(param.theta_of(vartheta), progress_p);
        FitProgress progress;
        progress.start = start_index;
        progress.iteration = iteration;
        progress.evaluations = problem.evaluations;
        progress.chi_square = cost;
        progress.damping = mu;
        progress.parameters = progress_p;
        return options.on_iteration(progress);
      };
    }
    return o;
  };
  auto run_local = [&](const VectorXd& vartheta0, int max_iterations) {
    LocalFit fit;
    const int remaining = options.max_evaluations - problem.evaluations;
    fit.lm = detail::levenberg_marquardt(lm, vartheta0, make_lm_options(max_iterations, remaining));
    fit.vartheta = fit.lm.theta;
    fit.cost = std::isfinite(fit.lm.cost) ? fit.lm.cost : inf;
    ++start_index;
    return fit;
  };

  const VectorXd vartheta0 = param.vartheta_of(param.theta_from_parameters(start));
  VectorXd global_start = vartheta0;
  std::vector<std::string> search_notes;

  // Optional NLopt global search (CRS2 with local mutation) in a box around the start;
  // LM polishes its best point below.
  if (options.global && m > 0) {
    GlobalContext ctx;
    ctx.problem = &problem;
    ctx.r.resize(problem.residual_count());
    const auto n = static_cast<unsigned>(m);
    ctx.opt = nlopt_create(NLOPT_GN_CRS2_LM, n);
    std::vector<double> lb(n);
    std::vector<double> ub(n);
    std::vector<double> x(n);
    for (unsigned k = 0; k < n; ++k) {
      const double centre = vartheta0(static_cast<Index>(k));
      const double half = param.bounded_internal(static_cast<Index>(k)) ? 6.0 : 4.6;  // ×100
      lb[k] = centre - half;
      ub[k] = centre + half;
      x[k] = centre;
    }
    nlopt_srand(static_cast<unsigned long>(options.seed));  // NLopt's RNG: reseed per call
    nlopt_set_lower_bounds(ctx.opt, lb.data());
    nlopt_set_upper_bounds(ctx.opt, ub.data());
    nlopt_set_min_objective(ctx.opt, global_objective, &ctx);
    nlopt_set_maxeval(ctx.opt, options.global_evaluations);
    nlopt_set_ftol_rel(ctx.opt, 1e-8);
    double value = inf;
    const nlopt_result status = nlopt_optimize(ctx.opt, x.data(), &value);
    nlopt_destroy(ctx.opt);
    if (ctx.error) {
      std::rethrow_exception(ctx.error);
    }
    if (ctx.best_x.size() == m) {
      global_start = ctx.best_x;
    }
    search_notes.push_back("global search (NLopt CRS2, status " + eis::detail::to_text(status) +
                           ")");
  }

  LocalFit best = run_local(global_start, options.max_iterations);
  VectorXd best_start = global_start;
  int starts = 1;
  auto looks_wrong = [&](const LocalFit& fit) {
    if (fit.lm.termination != Termination::converged) {
      return true;
    }
    std::vector<double> p;
    param.parameters_from_theta(param.theta_of(fit.vartheta), p);
    problem.evaluate_at(p);
    if (n_points >= 10 && worst_runs_z(data, problem.model(), options.domain) < -3.0) {
      return true;
    }
    for (const std::size_t k : param.free()) {
      if (param.transform(k).at_bound(p[k])) {
        return true;
      }
    }
    return false;
  };
  const bool cancelled = best.lm.termination == Termination::cancelled;
  if (!cancelled && options.multi_starts > 0 && m > 0 &&
      (options.always_multi_start || (automatic && looks_wrong(best)))) {
    // Latin hypercube in ϑ around the start: ±ln 10 for ln-type coordinates, exponents spread
    // over (0.5, 1) of their range; deterministic per seed.
    std::mt19937_64 engine{options.seed};
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const int count = options.multi_starts;
    std::vector<std::vector<int>> strata(static_cast<std::size_t>(m));
    for (auto& s : strata) {
      s.resize(static_cast<std::size_t>(count));
      for (int i = 0; i < count; ++i) {
        s[static_cast<std::size_t>(i)] = i;
      }
      std::shuffle(s.begin(), s.end(), engine);
    }
    for (int i = 0; i < count; ++i) {
      if (problem.evaluations >= options.max_evaluations) {
        break;
      }
      VectorXd v = vartheta0;
      for (Index k = 0; k < m; ++k) {
        const double x =
            (strata[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)] + unit(engine)) /
            count;
        if (param.bounded_internal(k)) {
          // logistic coordinate: θ ∈ logit(0.5 .. 0.99)
          const double s = 0.5 + 0.49 * x;
          v(k) = std::log(s / (1.0 - s));
        } else {
          v(k) = vartheta0(k) + (2.0 * x - 1.0) * std::log(10.0);
        }
      }
      LocalFit trial = run_local(v, std::min(options.max_iterations, 100));
      ++starts;
      if (trial.lm.termination == Termination::cancelled) {
        best = trial;
        break;
      }
      if (trial.cost < best.cost) {
        best = trial;
        best_start = v;
      }
    }
    if (best.lm.termination != Termination::cancelled) {
      // Polish the winner with the full iteration budget.
      LocalFit polished = run_local(best.vartheta, options.max_iterations);
      if (polished.cost <= best.cost) {
        polished.lm.iterations += best.lm.iterations;
        best = polished;
      }
    }
    search_notes.push_back("multi-start (" + eis::detail::to_text(starts) + " starts)");
  }

  // Final parameters and model.
  std::vector<double> p;
  const VectorXd theta = param.theta_of(best.vartheta);
  param.parameters_from_theta(theta, p);
  problem.evaluate_at(p);
  result.parameters = Eigen::Map<const VectorXd>(p.data(), static_cast<Index>(p.size()));
  {
    std::vector<double> p0;
    param.parameters_from_theta(param.theta_of(best_start), p0);
    result.initial_parameters =
        Eigen::Map<const VectorXd>(p0.data(), static_cast<Index>(p0.size()));
  }
  result.model_ohm = problem.model();
  result.iterations = best.lm.iterations;
  result.evaluations = problem.evaluations;
  result.starts = starts;
  result.termination = best.lm.termination;
  result.message = best.lm.message;
  for (const auto& note : search_notes) {
    result.message += "; " + note;
  }
  result.at_bound.assign(p_count, false);

  // Fit statistics (METHODS.md §3.5–§3.7).
  const std::size_t observations = 2 * n_points;
  VectorXd r(problem.residual_count());
  const bool finite = problem.residual(best.vartheta, r);
  result.evaluations = problem.evaluations;
  result.chi_square = finite ? r.squaredNorm() : nan;
  result.degrees_of_freedom = observations - free_count;
  result.reduced_chi_square =
      result.degrees_of_freedom > 0
          ? result.chi_square / static_cast<double>(result.degrees_of_freedom)
          : nan;
  result.pseudo_chi_square = pseudo_chi_square(data.z, result.model_ohm);
  result.aic = akaike_information_criterion(result.chi_square, observations, free_count);
  result.aicc = corrected_akaike_information_criterion(result.chi_square, observations, free_count);
  result.bic = bayesian_information_criterion(result.chi_square, observations, free_count);
  if (!finite) {
    result.termination = Termination::numerical_failure;
    result.message = "the model is not finite at the best parameters";
  }

  for (const std::size_t k : param.free()) {
    if (param.transform(k).at_bound(p[k])) {
      result.at_bound[k] = true;
      const auto& t = param.transform(k);
      const double u = t.log_scale ? std::log(p[k]) : p[k];
      const bool lower_bound = std::isfinite(t.a) && (!std::isfinite(t.b) || u - t.a < t.b - u);
      result.warnings.push_back(result.names[k] + " is at its " +
                                (lower_bound ? "lower" : "upper") + " bound");
    }
  }
  if (n_points >= 10 && finite && worst_runs_z(data, result.model_ohm, options.domain) < -3.0) {
    result.warnings.push_back(
        "systematic residuals (runs test z < -3): the model may be missing a feature");
  }

  if (options.compute_covariance && finite && free_count > 0) {
    if (result.degrees_of_freedom == 0) {
      result.warnings.push_back("no degrees of freedom left: covariance not available");
    } else {
      // Jacobian in the fitted space θ (per-parameter transforms, no arc reparameterisation).
      MatrixXd chain = MatrixXd::Zero(static_cast<Index>(p_count), m);
      for (std::size_t i = 0; i < param.free().size(); ++i) {
        const std::size_t k = param.free()[i];
        chain(static_cast<Index>(k), static_cast<Index>(i)) =
            param.transform(k).dp_dtheta(theta(static_cast<Index>(i)));
      }
      MatrixXd j;
      problem.jacobian_rows(chain, j);
      if (j.allFinite()) {
        const double s2 = options.weighting == Weighting::statistical
                              ? 1.0
                              : result.chi_square / static_cast<double>(result.degrees_of_freedom);
        const CovarianceResult cov = covariance_from_jacobian(j, s2, options.singular_value_cutoff);
        result.condition_number = cov.condition_number;
        result.rank_deficiency = cov.rank_deficiency;
        if (cov.rank_deficiency > 0) {
          std::string names;
          const MatrixXd& v = cov.right_singular_vectors;
          for (Index i = 0; i < m; ++i) {
            double weight = 0.0;
            for (Index c = v.cols() - static_cast<Index>(cov.rank_deficiency); c < v.cols(); ++c) {
              weight = std::max(weight, std::abs(v(i, c)));
            }
            if (weight > 0.1) {
              names += (names.empty() ? "" : ", ") +
                       result.names[param.free()[static_cast<std::size_t>(i)]];
            }
          }
          result.warnings.push_back("singular covariance (condition number " +
                                    eis::detail::to_text(cov.condition_number) +
                                    "): parameters not identifiable: " + names);
        } else {
          result.fitted_space_covariance = cov.covariance;
          const double t = student_t_quantile(0.5 + 0.5 * options.confidence_level,
                                              static_cast<double>(result.degrees_of_freedom));
          result.standard_errors = VectorXd::Zero(static_cast<Index>(p_count));
          result.ci_lower = result.parameters;
          result.ci_upper = result.parameters;
          result.covariance =
              MatrixXd::Zero(static_cast<Index>(p_count), static_cast<Index>(p_count));
          result.correlation =
              MatrixXd::Identity(static_cast<Index>(p_count), static_cast<Index>(p_count));
          VectorXd gradient(m);
          for (Index i = 0; i < m; ++i) {
            gradient(i) =
                param.transform(param.free()[static_cast<std::size_t>(i)]).dp_dtheta(theta(i));
          }
          for (Index i = 0; i < m; ++i) {
            const auto ki = static_cast<Index>(param.free()[static_cast<std::size_t>(i)]);
            const auto& tr = param.transform(static_cast<std::size_t>(ki));
            const double se_theta = cov.standard_errors(i);
            // Delta method (METHODS.md §3.4) and intervals mapped from θ.
            result.standard_errors(ki) = std::abs(gradient(i)) * se_theta;
            const double a = tr.p_of(theta(i) - t * se_theta);
            const double b = tr.p_of(theta(i) + t * se_theta);
            result.ci_lower(ki) = std::min(a, b);
            result.ci_upper(ki) = std::max(a, b);
            for (Index k2 = 0; k2 < m; ++k2) {
              const auto kj = static_cast<Index>(param.free()[static_cast<std::size_t>(k2)]);
              result.covariance(ki, kj) = gradient(i) * gradient(k2) * cov.covariance(i, k2);
              result.correlation(ki, kj) = cov.correlation(i, k2);
            }
          }
          for (Index i = 0; i < m; ++i) {
            for (Index k2 = i + 1; k2 < m; ++k2) {
              if (std::abs(cov.correlation(i, k2)) > 0.95) {
                result.warnings.push_back(
                    "strong correlation between " +
                    result.names[param.free()[static_cast<std::size_t>(i)]] + " and " +
                    result.names[param.free()[static_cast<std::size_t>(k2)]] +
                    " (rho = " + eis::detail::format_significant(cov.correlation(i, k2), 4) + ")");
              }
            }
          }
        }
      } else {
        result.warnings.push_back("the Jacobian is not finite: covariance not available");
      }
    }
  }
  if (result.termination != Termination::converged) {
    result.warnings.push_back("the fit did not converge: " + best.lm.message);
  }
  return result;
}

}  // namespace eis
