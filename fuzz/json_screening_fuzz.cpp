// JSON decoders of screening: passages (single and :batch), handovers, receivers, rules.
// Drives the module's write routes through the real dispatcher (fuzz/support/fuzz_app.h).
#include "support/fuzz_app.h"

FK_FUZZ_INIT_APP()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fk::fuzz::RouteFilter kFilter{{"/api/v1/screening/"}, {}};
  fk::fuzz::FuzzWriteRoutes(kFilter, data, size);
  return 0;
}
