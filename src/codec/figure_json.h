// The JSON form of the figures a judged rule reads with the year and basis of each value
// (registry::FiguresRead, issue 14 §5), shared by `kikan explain --format json` and the lab's
// explain: [{field, label: {ja, en}, unit, rows: [{id, name, value, year, basis, basis_label}]}]
// (value unscaled: a decimal column as a JSON number; a missing value, year or basis as null);
// and a dataset's declared total (registry::Total), shared by `kikan calibrate --national-total
// --format json` and the lab's calibrate: {metric, value, year, basis, basis_label: {ja, en},
// source: {text, url}}.
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "registry/engine.h"

namespace kikan::codec {

boost::json::array EncodeFigures(const std::vector<registry::FigureRows>& figures);
boost::json::object EncodeTotal(const registry::Total& total);

}  // namespace kikan::codec
