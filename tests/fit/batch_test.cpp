// fit_batch(): every fit recovers the parameters its spectrum was simulated with, results are
// bitwise identical for 1 and 2 threads and to fit_circuit() called in a loop, and errors name
// the lowest offending spectrum whatever the thread count.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/evaluate.hpp>
#include <eis/error.hpp>
#include <eis/fit/batch.hpp>

namespace {

struct Batch {
  eis::Circuit circuit = eis::parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)");
  std::vector<double> frequency_hz = eis::log_spaced_frequencies_hz(0.1, 1e6, 10);
  std::vector<std::vector<double>> truth;
  std::vector<eis::Spectrum> spectra;
  std::vector<eis::SpectrumView> views;
  explicit Batch(int count) {
    for (int k = 0; k < count; ++k) {
      // Two arcs three decades apart in time constant, resistances varying per spectrum; a
      // series resistance large enough to be resolved under 0.1 % noise.
      const double r1 = 1e4 * (1.0 + 0.2 * k);
      const double r2 = 5e4 * (1.0 + 0.1 * k);
      truth.push_back({1000.0,
                       r1,
                       std::pow(r1 * 1e-10, 0.9) / r1,
                       0.9,
                       r2,
                       std::pow(r2 * 1e-7, 0.8) / r2,
                       0.8});
      eis::Spectrum s;
      s.frequency_hz = frequency_hz;
      s.impedance_ohm = eis::simulate_with_noise(
          circuit, frequency_hz, truth.back(), {.relative_noise = 1e-3, .seed = 100u + k});
      spectra.push_back(std::move(s));
    }
    for (const auto& s : spectra) {
      views.push_back({s.frequency_hz, s.impedance_ohm});
    }
  }
};

TEST(FitBatch, RecoversEverySpectrumsParameters) {
  const Batch batch(6);
  const auto r = eis::fit_batch(batch.circuit, batch.views);
  ASSERT_EQ(r.fits.size(), 6u);
  EXPECT_EQ(r.usable, 6u);
  for (std::size_t k = 0; k < r.fits.size(); ++k) {
    ASSERT_TRUE(r.fits[k].usable()) << k << ": " << r.fits[k].message;
    for (Eigen::Index j = 0; j < r.fits[k].parameters.size(); ++j) {
      const double want = batch.truth[k][static_cast<std::size_t>(j)];
      EXPECT_NEAR(r.fits[k].parameters[j], want, 0.03 * want) << "spectrum " << k << " p" << j;
    }
  }
}

TEST(FitBatch, ResultsDoNotDependOnTheThreadCount) {
  const Batch batch(7);
  const auto serial = eis::fit_batch(batch.circuit, batch.views);
  const auto parallel = eis::fit_batch(batch.circuit, batch.views, {}, {.threads = 2});
  ASSERT_EQ(parallel.fits.size(), serial.fits.size());
  EXPECT_EQ(parallel.usable, serial.usable);
  for (std::size_t k = 0; k < serial.fits.size(); ++k) {
    const auto loop = eis::fit_circuit(batch.circuit, batch.views[k]);
    for (Eigen::Index j = 0; j < serial.fits[k].parameters.size(); ++j) {
      EXPECT_EQ(parallel.fits[k].parameters[j], serial.fits[k].parameters[j]) << k;
      EXPECT_EQ(loop.parameters[j], serial.fits[k].parameters[j]) << k;
    }
    EXPECT_EQ(parallel.fits[k].chi_square, serial.fits[k].chi_square) << k;
    EXPECT_EQ(parallel.fits[k].evaluations, serial.fits[k].evaluations) << k;
  }
}

TEST(FitBatch, ErrorsNameTheFirstBadSpectrumForAnyThreadCount) {
  Batch batch(5);
  const std::vector<double> two_f{1.0, 2.0};
  const std::vector<eis::Complex> two_z{{1.0, -1.0}, {1.0, -0.5}};
  batch.views[3] = {two_f, two_z};  // too few points for 7 parameters
  batch.views[4] = {two_f, two_z};
  for (const int threads : {1, 2}) {
    try {
      (void)eis::fit_batch(batch.circuit, batch.views, {}, {.threads = threads});
      ADD_FAILURE() << "no exception with " << threads << " threads";
    } catch (const eis::InvalidArgument& e) {
      EXPECT_EQ(std::string(e.what()).rfind("spectrum 3: ", 0), 0u) << e.what();
    }
  }
}

TEST(FitBatch, RejectsBadOptions) {
  const Batch batch(2);
  EXPECT_THROW((void)eis::fit_batch(batch.circuit, batch.views, {}, {.threads = -1}),
               eis::InvalidArgument);
  eis::BatchFitOptions options;
  options.threads = 2;
  options.fit.on_iteration = [](const eis::FitProgress&) { return true; };
  EXPECT_THROW((void)eis::fit_batch(batch.circuit, batch.views, {}, options), eis::InvalidArgument);
}

}  // namespace
