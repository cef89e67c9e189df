// dl.parseResponse (api/response.h) on what a malicious or broken cloud answers, for every action
// of the catalog: the envelope, success:false, and results of every documented shape.
//   input: the action name, a newline, the body as JSON text (seeds: every sample response of
//   tests/fixtures/cloud-api-samples.json and a minimal success for each action).
#include "doorlock/api/response.h"
#include "fuzz_support.h"

using namespace doorlock;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input input{data, size};
  const std::string action(input.take_line());
  const nlohmann::json body = fuzz::parse_json(input.text());
  if (body.is_discarded()) return 0;
  fuzz::expect_clean_failure([&] {
    const nlohmann::json result = api::parse_response(action, body);
    fuzz::canonical(result);
  });
  return 0;
}
