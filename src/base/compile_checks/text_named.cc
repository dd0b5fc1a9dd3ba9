// Compiles: a Text written with designated initializers, in declaration order, either form
// optional. The control for the two files below (text_compile_check.cmake).
#include "base/lang.h"
#include "base/status.h"

kikan::base::Text Both() { return {.ja = "日本語", .en = "English"}; }
kikan::base::Text EnglishOnly() { return {.en = "English"}; }
kikan::base::Status Refused() { return kikan::base::InvalidArgument({.ja = "不正", .en = "bad"}); }
