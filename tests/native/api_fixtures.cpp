#include "api_fixtures.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <stdexcept>

namespace doorlock::test {

const nlohmann::json& cloud_samples() {
  // Next to this file: tests/native/ -> tests/fixtures/.
  static const nlohmann::json samples = [] {
    std::string path = __FILE__;
    path = path.substr(0, path.rfind('/')) + "/../fixtures/cloud-api-samples.json";
    std::ifstream file(path);
    if (!file) throw std::runtime_error("cannot read " + path);
    return nlohmann::json::parse(file);
  }();
  return samples;
}

const nlohmann::json& sample_request(const std::string& action, const std::string& form) {
  for (const auto& entry : cloud_samples()["requests"]) {
    if (entry["action"] == action && (form.empty() || entry.value("form", "") == form)) return entry;
  }
  throw std::runtime_error("no fixture request for " + action);
}

Error capture_error(const std::function<void()>& body) {
  try {
    body();
  } catch (const Error& error) {
    return error;
  }
  FAIL("expected a doorlock::Error, nothing was thrown");
  return Error(ErrorCode::Internal, "unreachable");
}

}  // namespace doorlock::test
