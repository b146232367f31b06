// The CTorsion target is a header view; this file gives SwiftPM a C source to compile.
#include "CTorsion.h"
