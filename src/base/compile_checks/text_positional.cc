// Must not compile: a positional Text, whose two forms could be given in either order.
#include "base/lang.h"

kikan::base::Text Positional() { return kikan::base::Text{"日本語", "English"}; }
