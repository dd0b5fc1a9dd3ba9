// The JSON form of the figures a judged rule reads with the year and basis of each value
// (registry::FiguresRead, issue 14 §5), shared by `kikan explain --format json` and the lab's
// explain: [{field, label: {ja, en}, unit, rows: [{id, name, value, year, basis, basis_label}]}]
// (value unscaled: a decimal column as a JSON number; a missing value, year or basis as null).
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "registry/engine.h"

namespace kikan::codec {

boost::json::array EncodeFigures(const std::vector<registry::FigureRows>& figures);

}  // namespace kikan::codec
