// Must not compile: a Status from two bare strings (the old Status(en, ja) form).
#include "base/status.h"

kikan::base::Status Old() { return kikan::base::InvalidArgument("bad", "不正"); }
