/// @file
/// BioLogic EC-Lab `.mpr` (binary "BIO-LOGIC MODULAR FILE"): both module-header generations
/// (EC-Lab < 11.50 and ≥ 11.50). PEIS/ZIR data become spectra (several per file when the run
/// loops: split at a new `cycle number`/`Ns`, at DC rows and where the sweep turns back);
/// CV, LSV, CA and the DC steps of Modulo Bat become voltammograms (time, Ewe, I, cycle).
/// Layout facts: FORMATS.md §3.2; column IDs as documented by galvani `BioLogic.py` and yadg's
/// eclab reader (both GPL-3.0; facts re-stated here, no code taken).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <eis/io/read.hpp>

namespace eis::io {

/// One decoded column of the data module, named as EC-Lab names it in the `.mpt` export
/// (e.g. "freq/Hz", "-Im(Z)/Ohm", "<I>/mA"), values converted to double without any unit
/// change. A name seen twice gets " 2" appended (as galvani does).
struct MprColumn {
  int id = 0;  ///< EC-Lab column ID
  std::string name;
  std::vector<double> values;
};

/// Everything decode_biologic_mpr() found, before it is turned into spectra/voltammograms.
struct MprData {
  int technique_id = -1;           ///< first byte of the settings module; -1 when there is none
  std::string technique;           ///< "PEIS", "CV", … or "technique id N" when not known here
  bool new_header_layout = false;  ///< EC-Lab ≥ 11.50 module headers (FF FF FF FF marker)
  int data_module_version = 0;
  std::string start_date;            ///< settings-module date as ISO "YYYY-MM-DD" (raw if odd)
  std::size_t points = 0;            ///< rows in the data module
  std::size_t first_row_offset = 0;  ///< byte offset of the first data row in the file
  std::size_t row_bytes = 0;         ///< bytes per data row
  std::vector<MprColumn> columns;    ///< file order; packed flag bits expanded to own columns
  std::vector<std::string> external_device_channels;  ///< "VMP ExtDev" names, e.g. "Force/N"
  std::vector<std::string> warnings;

  /// The column with this exact name, or nullptr.
  [[nodiscard]] const MprColumn* find(std::string_view column_name) const noexcept;
};

/// True when `bytes` start with the `.mpr` magic ("BIO-LOGIC MODULAR FILE").
/// Thread-safety: reentrant.
[[nodiscard]] bool looks_like_biologic_mpr(std::string_view bytes, std::string_view name);

/// Decodes the modules and the data table of an `.mpr` file without interpreting them.
/// @throws eis::ParseError (file name, "byte offset N" in the message) when the magic is
///         wrong, a module or row runs past the end, the data module has an unknown version or
///         column ID, or holds 0 points (EC-Lab saved no data: never reported as a spectrum).
/// Thread-safety: reentrant.
[[nodiscard]] MprData decode_biologic_mpr(std::string_view bytes, std::string_view name);

/// Reads an `.mpr` file. Spectra: Z = Re(Z) − j·(−Im(Z)) (or |Z|·e^{j·Phase} when EC-Lab
/// stored only modulus and phase, as Modulo Bat does), frequency in Hz, `time_s` from
/// "time/s"; metadata: technique, cycle (`cycle number`), DC potential (mean of <Ewe>/Ewe over
/// the sweep, V), start date, column names; Ns, external-device channel names and the mean of
/// each analog input go to `extra`. Rows with freq/Hz = 0 (the DC steps of Modulo Bat) are
/// skipped, with a warning giving their number. A file without sweeps (CV, LSV, CA, a DC-only
/// Modulo Bat) gives one voltammogram: time in s, Ewe in V, current in A (EC-Lab stores mA),
/// cycle from `cycle number`.
/// @throws eis::ParseError as decode_biologic_mpr(), and for an EIS row with a negative or
///         non-finite frequency or a non-finite impedance, or when no spectrum or voltammogram
///         columns are present.
/// Thread-safety: reentrant.
[[nodiscard]] ReadResult read_biologic_mpr(std::string_view bytes,
                                           std::string_view name,
                                           const ReadOptions& options = {});

}  // namespace eis::io
