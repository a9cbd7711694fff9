// Fit an equivalent circuit to a spectrum file without initial values and print the report,
// the bulk conductivity-relevant numbers and the model comparison against a one-arc circuit.
//   example_fit_spectrum FILE [CIRCUIT]
#include <iostream>
#include <string>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>
#include <eis/fit/model_selection.hpp>
#include <eis/io/read.hpp>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " FILE [CIRCUIT]\n";
    return 2;
  }
  try {
    const eis::io::ReadResult file = eis::io::read_file(argv[1]);
    if (file.spectra.empty()) {
      std::cerr << argv[1] << ": no impedance spectrum\n";
      return 2;
    }
    const eis::Spectrum& spectrum = file.spectra.front();
    const eis::Circuit circuit =
        eis::parse_circuit(argc > 2 ? argv[2] : "p(R1,CPE1)-p(R2,CPE2)-CPE3");

    // Automatic initial values, modulus weighting (the defaults).
    const eis::FitResult fit = eis::fit_circuit(circuit, spectrum);
    std::cout << fit.report();

    // Is the second arc needed? Rank against a one-arc circuit by BIC.
    const std::vector<eis::Circuit> candidates{eis::parse_circuit("p(R1,CPE1)-CPE2"), circuit};
    const eis::ModelSelectionResult ranked =
        eis::select_model(candidates, spectrum, {.criterion = eis::SelectionCriterion::bic});
    for (const std::size_t i : ranked.ranking) {
      const auto& c = ranked.candidates[i];
      std::cout << c.rank << ". " << c.circuit << "  BIC " << c.criterion << "  weight " << c.weight
                << '\n';
    }
    return fit.usable() ? 0 : 3;
  } catch (const eis::Error& e) {
    std::cerr << e.what() << '\n';
    return 2;
  }
}
