// Must not compile: the English form named before the Japanese one.
#include "base/lang.h"

kikan::base::Text Swapped() { return kikan::base::Text{.en = "English", .ja = "日本語"}; }
