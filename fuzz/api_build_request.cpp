// dl.buildRequest (api/request.h) on what a hostile caller passes: any action name, any
// parameters, any options. A request that builds has the action's name and object parameters,
// and normalizing is done once and for all: building from its own output gives the same request.
//   input: JSON text [action, params, options] (seeds: every sample request of
//   tests/fixtures/cloud-api-samples.json).
#include "doorlock/api/request.h"
#include "fuzz_support.h"

using namespace doorlock;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input input{data, size};
  const nlohmann::json call = fuzz::parse_json(input.text());
  if (!call.is_array() || call.size() != 3 || !call[0].is_string()) return 0;
  const std::string& action = call[0].get_ref<const std::string&>();
  fuzz::expect_clean_failure([&] {
    const api::RequestOptions options = api::request_options_from_json(call[2]);
    const nlohmann::json request = api::build_request(action, call[1], options);
    fuzz::require(request.is_object() && request.value("action", "") == action, "the request names its action");
    const auto params = request.find("params");
    fuzz::require(params != request.end() && params->is_object(), "the request has object params");
    const nlohmann::json again = api::build_request(action, *params, options);
    fuzz::require(fuzz::canonical(again) == fuzz::canonical(request), "build_request is idempotent on its output");
  });
  return 0;
}
