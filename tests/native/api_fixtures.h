// The reference's sample requests and responses after their fixes (tests/fixtures/
// cloud-api-samples.json, checked against the reference text by tests/js/api-reference.test.mjs),
// and a way to check a call for the exact error it must raise.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "doorlock/error.h"

namespace doorlock::test {

const nlohmann::json& cloud_samples();

// The fixture request of `action` (and `form`), as { params, options, expected }.
const nlohmann::json& sample_request(const std::string& action, const std::string& form = {});

// Runs `body` and returns the doorlock::Error it throws (failing the test if it throws nothing).
Error capture_error(const std::function<void()>& body);

}  // namespace doorlock::test
