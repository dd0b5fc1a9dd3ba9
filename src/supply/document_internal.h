// Shared by the CycloneDX and SPDX readers (document.cc, spdx.cc): the problem list and the
// typed member getters that report a mistyped member at its pointer. Not part of the module's
// interface.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "supply/document.h"
#include "supply/model.h"

namespace kikan::supply::internal {

class Problems {
 public:
  void Add(std::string pointer, base::Text message);
  bool empty() const { return count_ == 0; }
  // The refusal: kInvalidArgument naming the format, the count and the first problem, every
  // listed problem as a field error.
  base::Status Refusal(std::string_view format) const;

 private:
  std::vector<base::FieldError> list_;
  size_t count_ = 0;
};

// A string member: "" when absent; a problem when present and not a string.
std::string Str(const boost::json::object& o, std::string_view key, const std::string& at,
                Problems& p);
// A string member that must be present and non-empty.
std::string Required(const boost::json::object& o, std::string_view key, const std::string& at,
                     Problems& p);
// An array member: nullptr when absent; a problem when present and not an array.
const boost::json::array* Array(const boost::json::object& o, std::string_view key,
                                const std::string& at, Problems& p);
// An object member: nullptr when absent; a problem when present and not an object.
const boost::json::object* Object(const boost::json::object& o, std::string_view key,
                                  const std::string& at, Problems& p);
// A 法人番号 read from a document: a problem at `at` when its check digit is wrong.
void CheckCorporateNumber(const std::string& number, const std::string& at, Problems& p);

base::Result<ParsedDocument> ParseSpdx(const boost::json::object& doc);

// An OSV record or CSAF document as a JSON object (osv.cc): kInvalidArgument when larger than
// kMaxAdvisoryBytes, not JSON or not an object (a field error at "").
base::Result<boost::json::value> ParseAdvisoryJson(std::string_view text, std::string_view format);

}  // namespace kikan::supply::internal
