// Shared by the translation units of the `eis` Python module: numpy views in, numpy arrays and
// dicts out, and keyword options read one by one. Results become plain dicts (eis/__init__.py
// wraps them); every struct has one converter, lists of structs go through list_of().
#pragma once

#include <array>
#include <complex>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include <eis/error.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace eis::python {

namespace py = pybind11;

using RealArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using ComplexArray = py::array_t<std::complex<double>, py::array::c_style | py::array::forcecast>;
using IntArray = py::array_t<int, py::array::c_style | py::array::forcecast>;

// ---------------------------------------------------------------- numpy in and out

/// A 1-D array viewed in place (no copy for C-contiguous arrays of the right dtype).
/// @throws eis::InvalidArgument if the array is not 1-D.
template <class T, int F>
std::span<const T> view_1d(const py::array_t<T, F>& a, const char* name) {
  if (a.ndim() != 1) {
    throw eis::InvalidArgument(std::string(name) + " must be a 1-D array, got " +
                               std::to_string(a.ndim()) + " dimensions");
  }
  return {a.data(), static_cast<std::size_t>(a.shape(0))};
}

/// Moves a vector into a numpy array that owns it (no copy of the data).
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
  auto* owner = new std::vector<T>(std::move(v));
  py::capsule free_when_done(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(owner->size()), owner->data(), free_when_done);
}

template <class T>
py::array_t<T> copy_numpy(const std::vector<T>& v) {
  return to_numpy(std::vector<T>(v));
}

inline py::array_t<double> to_numpy(const Eigen::VectorXd& v) {
  return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());  // copies
}

inline py::array_t<double> to_numpy(const Eigen::MatrixXd& m) {
  // Eigen is column-major: the strides make numpy read it as an (rows, cols) array (copied).
  const auto r = static_cast<py::ssize_t>(m.rows());
  const auto c = static_cast<py::ssize_t>(m.cols());
  const auto s = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({r, c}, {s, s * r}, m.data());
}

inline py::array_t<bool> to_numpy(const std::vector<bool>& v) {
  py::array_t<bool> out(static_cast<py::ssize_t>(v.size()));
  auto w = out.mutable_unchecked<1>();
  for (std::size_t i = 0; i < v.size(); ++i) {
    w(static_cast<py::ssize_t>(i)) = v[i];
  }
  return out;
}

// ---------------------------------------------------------------- dict building blocks

/// A field as a Python value: enums by their to_string() (found by argument-dependent lookup),
/// fixed-size arrays as tuples, unset optionals as None, everything else as pybind11 casts it.
template <class T>
py::object to_py(const T& v) {
  if constexpr (std::is_enum_v<T>) {
    return py::str(std::string(to_string(v)));
  } else {
    return py::cast(v);
  }
}

template <class T, std::size_t N>
py::object to_py(const std::array<T, N>& a) {
  py::tuple out(N);
  for (std::size_t i = 0; i < N; ++i) {
    out[i] = to_py(a[i]);
  }
  return out;
}

template <class T>
py::object to_py(const std::optional<T>& v) {
  return v ? to_py(*v) : py::object(py::none());
}

// Field lists where the Python key is the C++ member's name, so each name is written once:
//   EIS_PY_FIELDS(d, obj, a, b)   d["a"] = to_py(obj.a); d["b"] = to_py(obj.b);
//   EIS_PY_ARRAYS(d, obj, a, b)   d["a"] = to_numpy(std::move(obj.a)); ...
//   EIS_PY_OPTIONS(k, o, a, b)    k.get("a", o.a); k.get("b", o.b);
// (Repeated expansion with __VA_OPT__; up to 27 members per call.)
#define EIS_PY_PARENS ()
#define EIS_PY_EXPAND(...) EIS_PY_EXPAND3(EIS_PY_EXPAND3(EIS_PY_EXPAND3(__VA_ARGS__)))
#define EIS_PY_EXPAND3(...) EIS_PY_EXPAND2(EIS_PY_EXPAND2(EIS_PY_EXPAND2(__VA_ARGS__)))
#define EIS_PY_EXPAND2(...) EIS_PY_EXPAND1(EIS_PY_EXPAND1(EIS_PY_EXPAND1(__VA_ARGS__)))
#define EIS_PY_EXPAND1(...) __VA_ARGS__
#define EIS_PY_FOR_EACH(step, a, b, ...) \
  __VA_OPT__(EIS_PY_EXPAND(EIS_PY_FOR_EACH_STEP(step, a, b, __VA_ARGS__)))
#define EIS_PY_FOR_EACH_STEP(step, a, b, name, ...) \
  step(a, b, name) __VA_OPT__(EIS_PY_FOR_EACH_AGAIN EIS_PY_PARENS(step, a, b, __VA_ARGS__))
#define EIS_PY_FOR_EACH_AGAIN() EIS_PY_FOR_EACH_STEP
#define EIS_PY_SET_FIELD(d, obj, name) (d)[#name] = ::eis::python::to_py((obj).name);
#define EIS_PY_GET_OPTION(k, o, name) (k).get(#name, (o).name);
#define EIS_PY_MOVE_ARRAY(d, obj, name) (d)[#name] = ::eis::python::to_numpy(std::move((obj).name));
#define EIS_PY_FIELDS(d, obj, ...) EIS_PY_FOR_EACH(EIS_PY_SET_FIELD, d, obj, __VA_ARGS__)
#define EIS_PY_OPTIONS(k, o, ...) EIS_PY_FOR_EACH(EIS_PY_GET_OPTION, k, o, __VA_ARGS__)
#define EIS_PY_ARRAYS(d, obj, ...) EIS_PY_FOR_EACH(EIS_PY_MOVE_ARRAY, d, obj, __VA_ARGS__)

/// One dict per item, by `to_dict(item)`.
template <class Range, class F>
py::list list_of(const Range& items, F&& to_dict) {
  py::list out;
  for (const auto& item : items) {
    out.append(to_dict(item));
  }
  return out;
}

/// The fields every result ends with: usable, message, warnings.
inline void set_outcome(py::dict& d,
                        bool usable,
                        const std::string& message,
                        const std::vector<std::string>& warnings) {
  d["usable"] = usable;
  d["message"] = message;
  d["warnings"] = warnings;
}

// ---------------------------------------------------------------- keyword options

/// Reads keyword options one by one; unknown names raise TypeError like a Python function.
class Kwargs {
 public:
  /// Works on a copy of `d` (PyDict_Copy), so the caller's dict stays untouched.
  Kwargs(const py::dict& d, const char* function)
      : d_(py::reinterpret_steal<py::dict>(PyDict_Copy(d.ptr()))), function_(function) {
    if (!d_) {
      throw py::error_already_set();
    }
  }

  template <class T>
  void get(const char* name, T& target) {
    if (d_.contains(name)) {
      const py::object v = d_[name];
      if (!v.is_none()) {
        target = v.cast<T>();
      }
      PyDict_DelItemString(d_.ptr(), name);
    }
  }
  template <class T>
  void get(const char* name, std::optional<T>& target) {
    if (d_.contains(name)) {
      const py::object v = d_[name];
      target = v.is_none() ? std::optional<T>{} : std::optional<T>(v.cast<T>());
      PyDict_DelItemString(d_.ptr(), name);
    }
  }
  /// Reads a name-valued option ("modulus", "aic", ...) through `parse(text)`, which may
  /// return the value or std::optional of it; `what` lists the accepted names for the message.
  /// @throws eis::InvalidArgument when the text is not accepted.
  template <class E, class Parse>
  void get_enum(const char* name, E& target, Parse&& parse, const char* what) {
    std::string text;
    get(name, text);
    if (text.empty()) {
      return;
    }
    auto parsed = parse(text);
    if constexpr (std::is_same_v<decltype(parsed), std::optional<E>>) {
      if (!parsed) {
        throw eis::InvalidArgument(std::string(name) + " must be " + what + ", got '" + text + "'");
      }
      target = *parsed;
    } else {
      target = parsed;
    }
  }
  /// Removes and returns a raw value (None when absent).
  py::object take(const char* name) {
    if (!d_.contains(name)) {
      return py::none();
    }
    py::object v = d_[name];
    PyDict_DelItemString(d_.ptr(), name);
    return v;
  }
  /// @throws py::type_error naming every option not read.
  void finish() const {
    if (py::len(d_) > 0) {
      std::string names;
      for (const auto& item : d_) {
        names += (names.empty() ? "'" : ", '") + item.first.cast<std::string>() + "'";
      }
      throw py::type_error(std::string(function_) + "() got unexpected keyword argument(s) " +
                           names);
    }
  }

 private:
  py::dict d_;
  const char* function_;
};

/// Registers the conductivity-analysis functions (Arrhenius, VTF, transitions, cycle
/// comparison) of conductivity.cpp.
void bind_conductivity(py::module_& m);

}  // namespace eis::python
